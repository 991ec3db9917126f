/** Alert rules: pure functions from scored series, samples and hot spots to alert signals. */
export * from './alert-signal';
export * from './alert-lifecycle';
export * from './amp-meth-ratio';
export * from './cocaine-without-be';
export * from './first-detection';
export * from './hotspot-signal';
export * from './implausible-load-signal';
export * from './merge-signals';
export * from './series-point';
export * from './spike-signal';
export * from './trend-rising';
