/** The few icons the toolbar needs, drawn inline (no icon font, no request). */
const PATHS = {
  restart: 'M3 3v5h5M3.5 8A6 6 0 1 1 4 12',
  back: 'M11 3 5 8l6 5M4 3v10',
  forward: 'M5 3l6 5-6 5M12 3v10',
  call: 'M3 4h6l-2-2M9 4l-2 2M6 8v5m-2-2 2 2 2-2M11 8h2M11 11h2',
  run: 'M4 3l9 5-9 5z',
  divergence: 'M8 2 1.5 13.5h13zM8 6.5v3.5M8 12v.5',
  pause: 'M5 3v10M11 3v10',
  stop: 'M4 4h8v8H4z',
  open: 'M2 4h4l1.5 1.5H14V13H2zM2 7h12',
  sun: 'M8 5a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM8 1v2M8 13v2M1 8h2M13 8h2M3 3l1.4 1.4M11.6 11.6 13 13M3 13l1.4-1.4M11.6 4.4 13 3',
  moon: 'M13 9.5A5.5 5.5 0 0 1 6.5 3 5.5 5.5 0 1 0 13 9.5z',
  help: 'M6 6a2 2 0 1 1 3 1.7c-.6.4-1 .8-1 1.5V10M8 12.5v.5',
  breakpoint: 'M8 4a4 4 0 1 0 0 8 4 4 0 0 0 0-8z',
  codec: 'M5 4 1.5 8 5 12M11 4l3.5 4-3.5 4M9.5 3 6.5 13',
  download: 'M8 2v8M4.5 6.5 8 10l3.5-3.5M3 13h10',
  share:
    'M6.5 9.5l3-3M7.2 4.8l1.1-1.1a2.5 2.5 0 0 1 3.5 3.5l-1.1 1.1M8.8 11.2l-1.1 1.1a2.5 2.5 0 0 1-3.5-3.5l1.1-1.1',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg
      className={`icon-svg icon-${name}`}
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill={name === 'run' || name === 'breakpoint' || name === 'stop' ? 'currentColor' : 'none'}
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
