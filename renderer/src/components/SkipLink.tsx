import type { ReactElement } from 'react';
import './SkipLink.css';

/**
 * The first Tab stop of the window: jumps past the sidebar to the screen's content (WCAG 2.4.1).
 * Hidden until it has the focus. It moves the focus itself rather than following the `#` link,
 * so the address (the preview's, or app://) never changes.
 */
export function SkipLink({ target }: { target: string }): ReactElement {
  return (
    <a
      className="skip-link"
      href={`#${target}`}
      onClick={(event) => {
        event.preventDefault();
        document.getElementById(target)?.focus();
      }}
    >
      Skip to main content
    </a>
  );
}
