/**
 * Event patterns (EventBridge rules, archives) and filter policies (SNS): one language, one
 * compiler with AWS's refusals, one matcher.
 */
export { compilePattern, type ObjectPattern, type FieldTests, type LeafTest, type LeafValue } from './compile';
export { matchesPattern } from './match';
export { PatternSyntaxError } from './json-reader';
export { ipValue, parseCidr, inRange, type IpRange } from './ip-range';
