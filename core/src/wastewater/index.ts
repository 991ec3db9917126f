/**
 * The wastewater domain: the analyte catalogue, lab uploads (template, cells, rows, files),
 * back-calculation and PHES-ODM interoperability. Pure functions and streams; no database or
 * HTTP. `lab-file` and `lab-validation` need Node (streams, ExcelJS); the rest also runs in the
 * browser, so the web app should import those modules directly rather than this index.
 */
export * from './analytes';
export * from './back-calculation';
export * from './cell-text';
export * from './collection-type';
export * from './csv-cell';
export * from './duplicate-checker';
export * from './lab-dates';
export * from './lab-export';
export * from './lab-error-messages';
export * from './lab-file';
export * from './lab-file-error';
export * from './lab-rows';
export * from './lab-template';
export * from './lab-validation';
export * from './lab-value';
export * from './load-plausibility';
export * from './parsed';
export * from './phes-odm';
export * from './site-series';
export * from './stored-result-comparison';
export * from './units';
