/**
 * Which edges of a trust diagram the calls of a run travel, and how they ended: the pure half of
 * the live diagram (trust-diagram.ts draws it). An edge lists the operations that travel it
 * (`ops`, such as `sts:AssumeRole`, `iam:List*`, `s3:*`). A call lights an edge whose operation
 * matches when the edge starts at a node holding the credential that signed the call (the
 * notebook's own, or one the lesson holds, found by access key id in the credentials panel's
 * list), or at a node that names no credential. An edge that starts at a service (STS issuing a
 * session) lights only when the call succeeded; when several such edges share the operation,
 * the one whose target holds the credentials the call issued is lit, once the panel knows them.
 * An edge with `on` lights only for a call whose input names it (one of the input's string
 * values contains it, such as `alpha-app` in a RoleName), so two edges with the same operation
 * from the same node (reading alpha's role, reading beta's) each light for their own resource.
 * The last call on an edge decides its state. No DOM.
 */

export interface DiagramNode {
  id: string;
  kind: string;
  /** The credential this node signs with: `notebook` or a lesson state field (`userKey`, `session`). */
  credential?: string;
}

export interface DiagramEdge {
  from: string;
  to: string;
  label: string;
  ops: readonly string[];
  /** A word the call's input must name (a resource name part) for the call to travel this edge. */
  on?: string;
}

/** What the diagram needs of one `call` event. */
export interface CallFact {
  service: string;
  operation: string;
  ok: boolean;
  error?: string;
  /** Who signed it (call event's signer). */
  signer?: { accessKeyId: string; kind: string };
  /** The access key id of credentials the call's answer issued (AssumeRole, GetSessionToken…). */
  issued?: string;
  /** The string values of the call's input (RoleName, Bucket…), for edges with `on`. */
  names?: readonly string[];
}

export interface KnownCredential {
  name: string;
  accessKeyId?: string;
}

export interface EdgeState {
  state: 'allowed' | 'denied';
  operation: string;
  error?: string;
  /** How many calls of this run travelled it. */
  calls: number;
}

const SERVICE_KINDS = new Set(['sts', 'iam', 's3', 'console']);

/** `sts:AssumeRole`, `iam:List*`, `s3:*` against a call's service (SDK client name) and operation. */
export function opMatches(pattern: string, service: string, operation: string): boolean {
  const [svc, op] = pattern.split(':');
  if (!svc || op === undefined || svc.toLowerCase() !== service.toLowerCase()) return false;
  return op.endsWith('*') ? operation.startsWith(op.slice(0, -1)) : op === operation;
}

/** The credential (by name) that signed a call, if the page knows it. */
export function signerName(signer: CallFact['signer'], known: readonly KnownCredential[]): string | undefined {
  if (!signer) return undefined;
  if (signer.kind === 'notebook') return 'notebook';
  return known.find((c) => c.accessKeyId === signer.accessKeyId)?.name;
}

/** The edges (by index) one call travels. */
export function edgesOf(call: CallFact, nodes: readonly DiagramNode[], edges: readonly DiagramEdge[], known: readonly KnownCredential[]): number[] {
  const node = new Map(nodes.map((n) => [n.id, n]));
  const signer = signerName(call.signer, known);
  const lit: number[] = [];
  const issuing: number[] = [];
  edges.forEach((edge, index) => {
    if (!edge.ops.some((p) => opMatches(p, call.service, call.operation))) return;
    if (edge.on && !(call.names ?? []).some((name) => name.includes(edge.on!))) return;
    const from = node.get(edge.from);
    if (from && SERVICE_KINDS.has(from.kind)) {
      if (call.ok) issuing.push(index);
    } else if (!from?.credential || from.credential === signer) {
      lit.push(index);
    }
  });
  if (issuing.length <= 1) return [...lit, ...issuing];
  const holder = call.issued ? known.find((c) => c.accessKeyId === call.issued)?.name : undefined;
  return [...lit, ...issuing.filter((i) => holder !== undefined && node.get(edges[i].to)?.credential === holder)];
}

/** Every edge's state after a run's calls, in order: the last call on an edge decides. */
export function edgeStates(calls: readonly CallFact[], nodes: readonly DiagramNode[], edges: readonly DiagramEdge[], known: readonly KnownCredential[]): Map<number, EdgeState> {
  const states = new Map<number, EdgeState>();
  for (const call of calls) {
    for (const index of edgesOf(call, nodes, edges, known)) {
      const calls = (states.get(index)?.calls ?? 0) + 1;
      states.set(index, { state: call.ok ? 'allowed' : 'denied', operation: call.operation, ...(call.error ? { error: call.error } : {}), calls });
    }
  }
  return states;
}

/** The words on a lit edge: "✓ allowed", "✗ CreateBucket denied" (the operation when the label does not name it). */
export function edgeText(edge: Pick<DiagramEdge, 'label'>, state: EdgeState): string {
  const op = edge.label.includes(state.operation) ? '' : `${state.operation} `;
  return state.state === 'allowed' ? `✓ ${op}allowed` : `✗ ${op}denied`;
}
