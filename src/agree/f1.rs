//! F1 agreement between two annotators, as bratiaa computes it (Hripcsak & Rothschild 2005):
//! per label, true positives (the same item in both sets), false positives (only in the
//! second annotator's set) and false negatives (only in the first's), summed over articles;
//! F1 = 2·TP / (2·TP + FP + FN); then the mean and the *population* standard deviation of F1
//! over the pairs of annotators (bratiaa's `np.mean` and `np.std`, `ddof=0`).
//!
//! F1 is undefined (bratiaa: `nan`) when neither annotator of a pair has an item of the
//! kind counted; a mean over pairs is undefined when any pair's F1 is (`nan` propagates in
//! numpy), and so is its standard deviation.

use serde::Serialize;

/// Counts of one pair of annotators for one label (or summed over labels, articles).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Items in both sets.
    pub tp: u64,
    /// Items only in the second annotator's set.
    pub fp: u64,
    /// Items only in the first annotator's set.
    #[serde(rename = "fn")]
    pub fn_: u64,
}

impl Counts {
    /// 2·TP / (2·TP + FP + FN), or `None` when there is nothing to compare.
    pub fn f1(&self) -> Option<f64> {
        let total = 2 * self.tp + self.fp + self.fn_;
        (total > 0).then(|| (2 * self.tp) as f64 / total as f64)
    }

    pub fn add(&mut self, other: &Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }

    pub fn is_empty(&self) -> bool {
        self.tp + self.fp + self.fn_ == 0
    }
}

/// A mean and standard deviation of F1 over pairs; both `null` when undefined.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct MeanSd {
    pub mean_f1: Option<f64>,
    pub sd_f1: Option<f64>,
}

/// The mean and population standard deviation of the pairs' F1 (computed as numpy does:
/// the mean, then the mean of the squared deviations, then its square root). `None` when
/// there is no pair, or when any pair's F1 is undefined.
pub fn mean_sd(f1s: &[Option<f64>]) -> MeanSd {
    let values: Option<Vec<f64>> = f1s.iter().copied().collect();
    match values {
        Some(values) if !values.is_empty() => {
            let n = values.len() as f64;
            let mean = values.iter().sum::<f64>() / n;
            let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
            MeanSd {
                mean_f1: Some(mean),
                sd_f1: Some(var.sqrt()),
            }
        }
        _ => MeanSd::default(),
    }
}

/// Counts per label of two sorted lists of `(label, item)`, as sets (`multiset: false`,
/// duplicates are counted once, as bratiaa's instance-based agreement does) or as multisets
/// (`true`, bratiaa's token-based agreement: a pair of equal items counts once per copy in
/// both). `add(label, counts)` receives each label's counts.
pub fn compare_sorted<L: Ord + Copy, T: Ord>(
    first: &[(L, T)],
    second: &[(L, T)],
    multiset: bool,
    mut add: impl FnMut(L, Counts),
) {
    let (mut i, mut j) = (0, 0);
    let run = |list: &[(L, T)], at: usize| {
        let mut end = at + 1;
        while end < list.len() && list[end] == list[at] {
            end += 1;
        }
        end
    };
    while i < first.len() || j < second.len() {
        let order = match (first.get(i), second.get(j)) {
            (Some(a), Some(b)) => a.cmp(b),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        match order {
            std::cmp::Ordering::Less => {
                let end = run(first, i);
                let n = if multiset { (end - i) as u64 } else { 1 };
                add(
                    first[i].0,
                    Counts {
                        fn_: n,
                        ..Counts::default()
                    },
                );
                i = end;
            }
            std::cmp::Ordering::Greater => {
                let end = run(second, j);
                let n = if multiset { (end - j) as u64 } else { 1 };
                add(
                    second[j].0,
                    Counts {
                        fp: n,
                        ..Counts::default()
                    },
                );
                j = end;
            }
            std::cmp::Ordering::Equal => {
                let (end_i, end_j) = (run(first, i), run(second, j));
                let counts = if multiset {
                    let (a, b) = ((end_i - i) as u64, (end_j - j) as u64);
                    Counts {
                        tp: a.min(b),
                        fp: b.saturating_sub(a),
                        fn_: a.saturating_sub(b),
                    }
                } else {
                    Counts {
                        tp: 1,
                        ..Counts::default()
                    }
                };
                add(first[i].0, counts);
                i = end_i;
                j = end_j;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts_of(a: &[(u8, u32)], b: &[(u8, u32)], multiset: bool) -> Vec<(u8, Counts)> {
        let mut out: Vec<(u8, Counts)> = Vec::new();
        compare_sorted(a, b, multiset, |label, c| {
            match out.iter_mut().find(|(l, _)| *l == label) {
                Some((_, total)) => total.add(&c),
                None => out.push((label, c)),
            }
        });
        out.sort_by_key(|(l, _)| *l);
        out
    }

    #[test]
    fn sets_count_duplicates_once_and_multisets_per_copy() {
        let a = [(0, 1), (0, 1), (0, 2), (1, 5)];
        let b = [(0, 1), (0, 3), (1, 5), (1, 5), (1, 6)];
        assert_eq!(
            counts_of(&a, &b, false),
            [
                (
                    0,
                    Counts {
                        tp: 1,
                        fp: 1,
                        fn_: 1
                    }
                ),
                (
                    1,
                    Counts {
                        tp: 1,
                        fp: 1,
                        fn_: 0
                    }
                )
            ]
        );
        assert_eq!(
            counts_of(&a, &b, true),
            [
                (
                    0,
                    Counts {
                        tp: 1,
                        fp: 1,
                        fn_: 2
                    }
                ),
                (
                    1,
                    Counts {
                        tp: 1,
                        fp: 2,
                        fn_: 0
                    }
                )
            ]
        );
        assert!(counts_of(&[], &[], false).is_empty());
    }

    #[test]
    fn f1_mean_and_population_sd() {
        assert_eq!(
            Counts {
                tp: 3,
                fp: 1,
                fn_: 1
            }
            .f1(),
            Some(0.75)
        );
        assert_eq!(Counts::default().f1(), None);
        assert_eq!(
            Counts {
                tp: 0,
                fp: 2,
                fn_: 0
            }
            .f1(),
            Some(0.0)
        );
        let m = mean_sd(&[Some(0.5), Some(1.0)]);
        assert_eq!(m.mean_f1, Some(0.75));
        // Population SD (numpy's default), not the sample SD (which would be 0.3536).
        assert_eq!(m.sd_f1, Some(0.25));
        assert_eq!(mean_sd(&[Some(0.5), None]), MeanSd::default());
        assert_eq!(mean_sd(&[]), MeanSd::default());
        assert_eq!(mean_sd(&[Some(0.4)]).sd_f1, Some(0.0));
    }
}
