/**
 * The content of a map popup: a title and term/value rows, built as DOM text nodes (never
 * HTML, so a name typed by a user cannot inject markup).
 */
export function detailsPopupContent(
  title: string,
  rows: ReadonlyArray<readonly [string, string]>,
): HTMLElement {
  const container = document.createElement('div');
  container.className = 'details-popup';
  const heading = document.createElement('h3');
  heading.textContent = title;
  container.appendChild(heading);
  const details = document.createElement('dl');
  for (const [term, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value;
    details.append(dt, dd);
  }
  container.appendChild(details);
  return container;
}
