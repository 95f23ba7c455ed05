// The Frictionless reference library ships no types; the tests use Package.load only.
declare module "datapackage" {
  interface LoadedPackage {
    valid: boolean;
    errors: Error[];
  }
  const datapackage: { Package: { load(descriptor: unknown, basePath?: string): Promise<LoadedPackage> } };
  export default datapackage;
}
