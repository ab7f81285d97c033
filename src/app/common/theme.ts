/** Light and dark themes: a `data-theme` attribute on <html> picks the CSS variables. */
import { get, set, type Theme } from '../state/store.ts';

export function applyTheme(theme: Theme = get().theme): void {
  document.documentElement.dataset['theme'] = theme;
}

export function toggleTheme(): void {
  const theme: Theme = get().theme === 'dark' ? 'light' : 'dark';
  localStorage.setItem('wp-theme', theme);
  set({ theme });
  applyTheme(theme);
}
