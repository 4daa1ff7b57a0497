/** The parts of a run's reproducibility record that come from the machine and the plan. */
import { existsSync } from 'node:fs';
import os from 'node:os';
import type { Plan } from '../../shared/compiler/plan.js';

export function hostInfo(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    platform: os.platform(),
    release: os.release(),
    arch: os.arch(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryBytes: os.totalmem(),
    node: process.version,
    // The NVIDIA driver creates /dev/nvidia0 on Linux; elsewhere we cannot tell cheaply.
    gpu: existsSync('/dev/nvidia0') ? 'nvidia' : 'none detected',
  };
}

/** Seeds: pipeline params and node inputs named like a seed, with integer values. */
export function seedsOf(plan: Plan): Record<string, number> {
  const seeds: Record<string, number> = {};
  const isSeed = (name: string) => /(^|_)(seed|random_state)$/i.test(name);
  for (const [name, p] of Object.entries(plan.params)) if (isSeed(name) && typeof p.value === 'number') seeds[name] = p.value;
  for (const n of plan.nodes) {
    for (const i of n.inputs) {
      if (isSeed(i.name) && i.source.kind === 'value' && typeof i.source.value === 'number') seeds[`${n.id}.${i.name}`] = i.source.value;
    }
  }
  return seeds;
}

export function componentsOf(plan: Plan): Record<string, string> {
  return Object.fromEntries(plan.nodes.filter((n) => n.component).map((n) => [n.component!.id, n.component!.version]));
}
