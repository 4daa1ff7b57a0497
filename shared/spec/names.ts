/** Naming rules shared by the schema, the validator and the exporters. */

/** Kubernetes DNS-1123 label: what Jobs, pods and Argo templates accept as a name segment. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_LABEL_MAX = 63;

/** Parameter, input and output names: identifiers every engine (Argo, KFP, Python argparse) accepts. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A component version: semantic version without build metadata. */
export const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** A component reference `library-id@version`. */
export const COMPONENT_REF = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)@(\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?)$/;

/** A wiring reference `node.output`. */
export const OUTPUT_REF = /^([^.\s]+)\.([^.\s]+)$/;

export function isDns1123Label(s: string): boolean {
  return s.length <= DNS1123_LABEL_MAX && DNS1123_LABEL.test(s);
}

export function parseComponentRef(ref: string): { id: string; version: string } | undefined {
  const m = COMPONENT_REF.exec(ref);
  return m ? { id: m[1]!, version: m[3]! } : undefined;
}

export function parseOutputRef(ref: string): { node: string; output: string } | undefined {
  const m = OUTPUT_REF.exec(ref);
  return m ? { node: m[1]!, output: m[2]! } : undefined;
}
