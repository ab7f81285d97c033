/** Why the last shared link or bundle did not open, in the share module's words. */
import { ErrorBanner } from '../common/ErrorBanner.tsx';
import { sentence } from '../common/format.ts';
import { dismissShareError } from '../state/open-share.ts';
import { useApp } from '../state/store.ts';

export function ShareBanner() {
  const failed = useApp((s) => s.share.openError);
  if (!failed) return null;
  return (
    <ErrorBanner
      title={
        failed.what === 'link' ? 'Could not open the shared link' : 'Could not open the bundle'
      }
      error={{ ...failed.error, message: sentence(failed.error.message) }}
      {...(failed.note && { note: failed.note })}
      onDismiss={dismissShareError}
    />
  );
}
