/** Small inline SVG icons (stroke icons drawn on a 16px grid), so the IDE needs no icon font. */
import type { JSX } from 'preact';

type IconProps = { size?: number } & JSX.SVGAttributes<SVGSVGElement>;

function svg(paths: JSX.Element, { size = 16, ...rest }: IconProps) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      stroke-width="1.4"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      {...rest}
    >
      {paths}
    </svg>
  );
}

export const NewFileIcon = (p: IconProps) =>
  svg(
    <>
      <path d="M9 1.5H4a1 1 0 0 0-1 1v11a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V5.5z" />
      <path d="M9 1.5v4h4M8 8v4M6 10h4" />
    </>,
    p,
  );

export const NewFolderIcon = (p: IconProps) =>
  svg(
    <>
      <path d="M1.5 4a1 1 0 0 1 1-1h3.6l1.4 1.5h6a1 1 0 0 1 1 1V12a1 1 0 0 1-1 1h-11a1 1 0 0 1-1-1z" />
      <path d="M8 7v4M6 9h4" />
    </>,
    p,
  );

export const CloseIcon = (p: IconProps) => svg(<path d="M4 4l8 8M12 4l-8 8" />, p);
export const ChevronIcon = (p: IconProps) => svg(<path d="M6 4l4 4-4 4" />, p);
export const SunIcon = (p: IconProps) =>
  svg(
    <>
      <circle cx="8" cy="8" r="3" />
      <path d="M8 1v1.5M8 13.5V15M1 8h1.5M13.5 8H15M3 3l1 1M12 12l1 1M3 13l1-1M12 4l1-1" />
    </>,
    p,
  );
export const MoonIcon = (p: IconProps) => svg(<path d="M13.5 9.5A5.5 5.5 0 0 1 6.5 2.5a5.5 5.5 0 1 0 7 7z" />, p);
export const TrashIcon = (p: IconProps) =>
  svg(<path d="M2.5 4h11M6 4V2.5h4V4M4 4l.7 9.5h6.6L12 4M6.8 6.5v4.5M9.2 6.5v4.5" />, p);
export const PencilIcon = (p: IconProps) => svg(<path d="M10.5 2.5l3 3L6 13H3v-3z" />, p);
export const CopyIcon = (p: IconProps) =>
  svg(
    <>
      <rect x="5" y="5" width="8.5" height="8.5" rx="1" />
      <path d="M3.5 10.5h-1v-8h8v1" />
    </>,
    p,
  );
export const ErrorIcon = (p: IconProps) =>
  svg(
    <>
      <circle cx="8" cy="8" r="6" />
      <path d="M6 6l4 4M10 6l-4 4" />
    </>,
    p,
  );
export const WarnIcon = (p: IconProps) => svg(<path d="M8 2l6.5 11.5h-13zM8 6.5v3M8 11.5v.01" />, p);
export const UploadIcon = (p: IconProps) =>
  svg(<path d="M8 11V2.5M4.5 6L8 2.5 11.5 6M2.5 10.5v2a1 1 0 0 0 1 1h9a1 1 0 0 0 1-1v-2" />, p);
export const CollapseIcon = (p: IconProps) => svg(<path d="M3 4h10M3 8h10M3 12h10" />, p);

export function CoveLogo({ size = 20 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true">
      <defs>
        <linearGradient id="cove-logo-g" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stop-color="#5b8cff" />
          <stop offset="1" stop-color="#7c4dff" />
        </linearGradient>
      </defs>
      <rect x="1" y="1" width="22" height="22" rx="6" fill="url(#cove-logo-g)" />
      <path d="M16.5 8.2A5.5 5.5 0 1 0 16.5 15.8" fill="none" stroke="#fff" stroke-width="2.4" stroke-linecap="round" />
    </svg>
  );
}
export const DownloadIcon = (p: IconProps) =>
  svg(<path d="M8 2.5V11M4.5 7.5L8 11l3.5-3.5M2.5 10.5v2a1 1 0 0 0 1 1h9a1 1 0 0 0 1-1v-2" />, p);

export const ReloadIcon = (p: IconProps) =>
  svg(
    <>
      <path d="M13 8a5 5 0 1 1-1.5-3.55" />
      <path d="M13 2.5v3h-3" />
    </>,
    p,
  );

export const ExternalIcon = (p: IconProps) =>
  svg(
    <>
      <path d="M9.5 2.5h4v4M13.5 2.5L7.5 8.5" />
      <path d="M12 9.5v3a1 1 0 0 1-1 1H3.5a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1h3" />
    </>,
    p,
  );

export const InfoIcon = (p: IconProps) =>
  svg(
    <>
      <circle cx="8" cy="8" r="6.5" />
      <path d="M8 7.5v4M8 4.8v.01" />
    </>,
    p,
  );

/** A console prompt chevron, for plain log lines. */
export const PromptIcon = (p: IconProps) => svg(<path d="M5 5l3 3-3 3" />, p);

/** A padlock, for read-only things (installed packages). */
export const LockIcon = (p: IconProps) =>
  svg(
    <>
      <rect x="3.5" y="7" width="9" height="6.5" rx="1" />
      <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" />
    </>,
    p,
  );
