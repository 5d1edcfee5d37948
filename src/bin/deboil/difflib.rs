//! `difflib.SequenceMatcher(None, a, b).ratio()` from Python 3.11, ported line by line.
//!
//! Why a faithful port and not any similarity measure: score.py's `title~` column counts a
//! title as right when this ratio is ≥ 0.9, and the ratio depends on difflib's particular
//! matching — the longest-match recursion, its tie-breaking (earliest in `a`, then earliest in
//! `b`) and the "autojunk" heuristic (for `b` of 200 or more elements, elements occurring
//! more than `len(b) // 100 + 1` times are not used to start matches, but matches are still
//! extended over them). A generic edit-distance ratio disagrees on long titles.

use std::collections::HashMap;

/// `SequenceMatcher(None, a, b).ratio()`: `2 * matches / (len(a) + len(b))`, 1 for two
/// empty sequences.
pub fn ratio<T: Eq + std::hash::Hash + Copy>(a: &[T], b: &[T]) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    let m = Matcher::new(a, b);
    2.0 * m.matches() as f64 / total as f64
}

struct Matcher<'s, T> {
    a: &'s [T],
    b: &'s [T],
    /// `b2j`: element → increasing indices in `b`, popular elements removed.
    b2j: HashMap<T, Vec<usize>>,
}

impl<'s, T: Eq + std::hash::Hash + Copy> Matcher<'s, T> {
    /// `__chain_b` with `isjunk=None, autojunk=True`.
    fn new(a: &'s [T], b: &'s [T]) -> Self {
        let mut b2j: HashMap<T, Vec<usize>> = HashMap::new();
        for (i, &elt) in b.iter().enumerate() {
            b2j.entry(elt).or_default().push(i);
        }
        let n = b.len();
        if n >= 200 {
            let ntest = n / 100 + 1;
            b2j.retain(|_, idxs| idxs.len() <= ntest);
        }
        Matcher { a, b, b2j }
    }

    /// `find_longest_match(alo, ahi, blo, bhi)`. There is no junk (`isjunk` is `None`), so
    /// difflib's two junk-extension loops never run; the non-junk ones extend over popular
    /// elements.
    fn find_longest_match(
        &self,
        alo: usize,
        ahi: usize,
        blo: usize,
        bhi: usize,
    ) -> (usize, usize, usize) {
        let (a, b) = (self.a, self.b);
        let (mut besti, mut bestj, mut bestsize) = (alo, blo, 0usize);
        let mut j2len: HashMap<usize, usize> = HashMap::new();
        for (i, elt) in a.iter().enumerate().take(ahi).skip(alo) {
            let mut newj2len: HashMap<usize, usize> = HashMap::new();
            if let Some(js) = self.b2j.get(elt) {
                for &j in js {
                    if j < blo {
                        continue;
                    }
                    if j >= bhi {
                        break;
                    }
                    let k = j
                        .checked_sub(1)
                        .and_then(|p| j2len.get(&p))
                        .copied()
                        .unwrap_or(0)
                        + 1;
                    newj2len.insert(j, k);
                    if k > bestsize {
                        besti = i + 1 - k;
                        bestj = j + 1 - k;
                        bestsize = k;
                    }
                }
            }
            j2len = newj2len;
        }
        while besti > alo && bestj > blo && a[besti - 1] == b[bestj - 1] {
            besti -= 1;
            bestj -= 1;
            bestsize += 1;
        }
        while besti + bestsize < ahi
            && bestj + bestsize < bhi
            && a[besti + bestsize] == b[bestj + bestsize]
        {
            bestsize += 1;
        }
        (besti, bestj, bestsize)
    }

    /// The total size of `get_matching_blocks()` (the order of the blocks does not matter
    /// for the sum, nor does difflib's merging of adjacent blocks).
    fn matches(&self) -> usize {
        let mut total = 0;
        let mut queue = vec![(0, self.a.len(), 0, self.b.len())];
        while let Some((alo, ahi, blo, bhi)) = queue.pop() {
            let (i, j, k) = self.find_longest_match(alo, ahi, blo, bhi);
            if k > 0 {
                total += k;
                if alo < i && blo < j {
                    queue.push((alo, i, blo, j));
                }
                if i + k < ahi && j + k < bhi {
                    queue.push((i + k, ahi, j + k, bhi));
                }
            }
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(a: &str, b: &str) -> f64 {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        ratio(&a, &b)
    }

    #[test]
    fn matches_python() {
        // Values printed by Python 3.11's difflib.
        assert_eq!(r("", ""), 1.0);
        assert_eq!(r("abcd", "bcde"), 0.75);
        assert_eq!(r("private volume", "private volume!"), 28.0 / 29.0);
        assert_eq!(r("the quick brown fox", "the quack brown fix"), 34.0 / 38.0);
    }

    #[test]
    fn autojunk_applies_from_200_elements() {
        // 'a' occurs 210 > 210 // 100 + 1 times in b: popular, so no match starts on it, but
        // the empty match at (0, 0) is still extended over it (difflib gives 6 / 213).
        let b = "a".repeat(210);
        assert_eq!(r("aaa", &b), 6.0 / 213.0);
        assert_eq!(r("xaaa", &format!("x{}", "a".repeat(250))), 8.0 / 255.0);
        // Below 200 elements there is no autojunk.
        let b = "a".repeat(199);
        assert_eq!(r("aaa", &b), 6.0 / 202.0);
    }
}
