/**
 * The bundled examples as `<option>`s, grouped by the language their workflow is written in
 * (TypeScript, then Rust) once there is more than one.
 */
import type { ReactNode } from 'react';
import type { ExampleManifestEntry } from '../../../examples/manifest.ts';

const LANGUAGES = [
  { label: 'TypeScript', of: (e: ExampleManifestEntry) => e.language === undefined },
  { label: 'Rust', of: (e: ExampleManifestEntry) => e.language === 'rust' },
];

export function ExampleOptions({
  examples,
  text = (e) => e.title,
}: {
  examples: ExampleManifestEntry[];
  text?: (example: ExampleManifestEntry) => ReactNode;
}) {
  const option = (ex: ExampleManifestEntry) => (
    <option key={ex.id} value={ex.id} title={ex.description}>
      {text(ex)}
    </option>
  );
  const groups = LANGUAGES.map((l) => ({ ...l, examples: examples.filter(l.of) })).filter(
    (g) => g.examples.length > 0,
  );
  if (groups.length < 2) return <>{examples.map(option)}</>;
  return (
    <>
      {groups.map((g) => (
        <optgroup key={g.label} label={g.label}>
          {g.examples.map(option)}
        </optgroup>
      ))}
    </>
  );
}
