/** Types of bin/cli-bundle.js (plain JavaScript, so that the bin needs no TypeScript loader). */
/** The folder of the current build when no source it was built from changed since. */
export declare function freshBundle(): string | undefined;
/** Builds the bundle and makes it current; returns its folder. */
export declare function buildBundle(): Promise<string>;
