export { CloudAssembly, type AssemblyResource, type DisabledResource, type LoadOptions } from './cloud-assembly';
export { Stack, type AttributeAnswer, type AttributeResolver } from './stack';
export { AssemblyError, UnresolvableAttributeError, UnsupportedIntrinsicError } from './errors';
export { IdGenerator } from './physical-ids';
export { LOCAL_ACCOUNT, type CfnTemplate, type CfnResource } from './template';
export { synthesize, SynthesisError, type SynthesisResult } from './synthesize';
