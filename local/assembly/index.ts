export { CloudAssembly, type AssemblyResource, type LoadOptions } from './cloud-assembly';
export { Stack } from './stack';
export { AssemblyError, UnsupportedIntrinsicError } from './errors';
export { IdGenerator } from './physical-ids';
export { LOCAL_ACCOUNT, type CfnTemplate, type CfnResource } from './template';
export { synthesize, SynthesisError, type SynthesisResult } from './synthesize';
