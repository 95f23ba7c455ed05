// The Frictionless reference library ships no types; these cover what the tests use.
declare module "datapackage" {
  interface LoadedResource {
    name: string;
    tabular: boolean;
    descriptor: Record<string, unknown> & { hash?: string };
    read(options?: { cast?: boolean; keyed?: boolean }): Promise<unknown[]>;
    rawRead(): Promise<Uint8Array>;
  }
  interface LoadedPackage {
    valid: boolean;
    errors: Error[];
    resources: LoadedResource[];
  }
  const datapackage: { Package: { load(descriptor: unknown, options?: string | { basePath?: string; strict?: boolean }): Promise<LoadedPackage> } };
  export default datapackage;
}
