#!/usr/bin/env node
// chiso is written in TypeScript; tsx compiles it on the fly so there is no build step.
import { register } from "tsx/esm/api";

register();
const { run } = await import("../pipelines/cli/main.ts");
run(process.argv.slice(2));
