/** "Did you mean ...?" for misspelt names. */

/** A shared allowance of candidates to compare, so that thousands of searches over thousands of names stay cheap. */
export interface SuggestBudget { left: number }

/**
 * The candidate closest to `word` by edit distance, when it is close enough to be a likely typo.
 * With a `budget`, each candidate looked at costs one; once it is spent, no more suggestions.
 */
export function closest(word: string, candidates: Iterable<string>, budget?: SuggestBudget): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (budget && budget.left-- <= 0) return best;
    if (c === word) continue;
    if (c.toLowerCase() === lower) return c;
    // A third of the longer name, at least 1, at most 3: "imgae" -> "image" but not "x" -> "y".
    const limit = Math.min(3, Math.max(1, Math.floor(Math.max(c.length, word.length) / 3)));
    if (Math.abs(c.length - word.length) > limit) continue;
    const d = distance(lower, c.toLowerCase(), limit);
    if (d <= limit && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** ` — did you mean 'x'?` or the empty string. */
export function didYouMean(word: string, candidates: Iterable<string>, budget?: SuggestBudget): string {
  const c = closest(word, candidates, budget);
  return c === undefined ? '' : ` — did you mean '${c}'?`;
}

/** `a, b and c` (quoted with `'` when `quote`), shortened to `limit` names. */
export function listNames(names: readonly string[], quote = true, limit = 12): string {
  const q = (s: string) => (quote ? `'${s}'` : s);
  const shown = names.slice(0, limit).map(q);
  if (names.length > limit) return `${shown.join(', ')} and ${names.length - limit} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), giving up above `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (a.length > 64 || b.length > 64) return a === b ? 0 : Infinity;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return Infinity;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}
