// Types of pageServing.mjs, a plain ES module so that the bench can run it under plain Node.
export declare const CONTENT_TYPES: Readonly<Record<string, string>>;
export declare function pagePolicyOf(html: string, file: string): string;
