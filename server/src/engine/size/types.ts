// Result and input shapes of the size model. The editor (inlay hints, code lens, hover, status bar)
// and the CLI translate these; they decide nothing themselves.
import type { OsFamily } from './baseImages';
import type { ByteRange } from './units';

/** What the caller measured in the build context for one COPY/ADD (after .dockerignore). */
export interface ContextSize {
  bytes: number;
  files: number;
  /** The walk stopped at its file-count or time limit: `bytes` is a lower bound. */
  capped: boolean;
  /** Sources that matched nothing (the build would fail on them). */
  missing?: string[];
}

/** Facts from outside the Dockerfile. The engine does no I/O: the server or CLI provides these. */
export interface SizeInputs {
  /** Size of COPY/ADD sources from the build context; undefined = not measured. */
  contextSize?: (sources: readonly string[], dest: string) => ContextSize | undefined;
  /** Text of a small file of the build context (lock files, requirements), path relative to the context root. */
  readContextFile?: (relativePath: string) => string | undefined;
  /** Real size of a dependency folder in the workspace (`node_modules`, `.venv`, `target`), relative to the context root. */
  measureDir?: (relativePath: string) => ContextSize | undefined;
  /**
   * Sizes of base images the table does not know, as their registries reported them (looked up by
   * the server or CLI), keyed by `lookedUpBaseKey(reference, platform)` of `BaseSizeInfo.lookup`.
   */
  lookedUpBases?: ReadonlyMap<string, LookedUpBase>;
}

/** One base image's size from its registry: the sum of its platform manifest's layers. */
export interface LookedUpBase {
  /** Compressed (pull) bytes. */
  compressedBytes: number;
  /** Day the registry answered, `YYYY-MM-DD`. */
  date: string;
  source: 'registry';
  /** The registry host asked (`docker.io`, `ghcr.io`), for the hover's source line. */
  registry: string;
  /** The platform whose manifest was summed, `linux/amd64`. */
  platform: string;
}

/** What to look up for a base the table does not know: the reference as written (ARGs applied) and its platform. */
export interface BaseLookup {
  /** Key into `SizeInputs.lookedUpBases`. */
  key: string;
  reference: string;
  /** The FROM's `--platform` after ARG substitution; undefined = the default platform. */
  platform: string | undefined;
}

/** One contribution to an instruction's size, with where its number comes from. */
export interface SizePart {
  label: string;
  bytes: ByteRange;
  compressed: ByteRange;
  basis: string;
  /** Set for parts that add nothing because of a clean-up or a cache mount (bytes 0): what it saved. */
  saved?: ByteRange;
}

export interface InstructionSize {
  /** Position in `Model.instructions`. */
  index: number;
  /** 0-based line of the instruction's start. */
  line: number;
  keyword: string;
  /** False for instructions that only change metadata (ENV, CMD, LABEL…): no layer, no hint. */
  layer: boolean;
  /** Uncompressed (disk) size of the layer. */
  bytes: ByteRange;
  /** Compressed (pull) size of the layer. */
  compressed: ByteRange;
  /** One line: the main reason for the number. */
  basis: string;
  details: SizePart[];
  /** True when a part of the number is a guess range rather than data (unknown command, unmeasured context…). */
  unknown: boolean;
  /** For removals of files that earlier layers added: the 0-based lines of those layers (they still ship). */
  removedFromLines: number[];
}

export interface BaseSizeInfo {
  /** The base as written after ARG substitution (`node:22-alpine`), `scratch`, or the stage name. */
  image: string;
  kind: 'table' | 'fallback' | 'image-range' | 'unknown' | 'scratch' | 'stage' | 'registry';
  /** For `FROM <stage>`: that stage's index. */
  stageIndex: number | undefined;
  bytes: ByteRange;
  compressed: ByteRange;
  basis: string;
  unknown: boolean;
  family: OsFamily;
  source: string | undefined;
  asOf: string | undefined;
  /** Set for an external image the table does not know (or knows only by other tags): a registry could tell. */
  lookup?: BaseLookup;
}

export interface StageSize {
  index: number;
  /** 0-based line of the stage's FROM. */
  line: number;
  /** The `AS` name as written, undefined for unnamed stages. */
  name: string | undefined;
  shipped: boolean;
  base: BaseSizeInfo;
  /** Every instruction of the stage after FROM, in order. */
  instructions: InstructionSize[];
  /** What the stage's own instructions add. */
  added: ByteRange;
  addedCompressed: ByteRange;
  /** Base plus added: the size of an image built from this stage. */
  total: ByteRange;
  totalCompressed: ByteRange;
  /** True when the base or a layer is a guess range. */
  unknown: boolean;
}

export interface SizeEstimate {
  stages: StageSize[];
  /** The image `docker build` produces (the last stage); undefined for a file without stages. */
  image: { stageIndex: number; bytes: ByteRange; compressed: ByteRange; unknown: boolean } | undefined;
  /** The stage with the largest total (for "89 % smaller than builder"). */
  heaviestStage: number | undefined;
  /** Dated sources of the data used. */
  sources: string[];
}
