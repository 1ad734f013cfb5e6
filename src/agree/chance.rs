//! Chance-corrected agreement on token tags: Cohen's κ for a pair of annotators (as
//! `sklearn.metrics.cohen_kappa_score` computes it) and Krippendorff's α, nominal, for any
//! number of annotators with missing values (as the `krippendorff` package computes it).
//!
//! Both are accumulated article by article from tag names, so that articles can be
//! compared on several threads and added up in a fixed order.

use std::collections::HashMap;

/// Cohen's κ between two annotators' tags: the number of items, how many agree, and how
/// often each annotator used each tag.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Kappa {
    pub items: u64,
    pub agreed: u64,
    first: HashMap<String, u64>,
    second: HashMap<String, u64>,
}

impl Kappa {
    /// Adds items tagged `first[i]` by one annotator and `second[i]` by the other; tags are
    /// indexes into `names`.
    pub fn add_tags(&mut self, first: &[u32], second: &[u32], names: &[String]) {
        let mut a = vec![0u64; names.len()];
        let mut b = vec![0u64; names.len()];
        for (&x, &y) in first.iter().zip(second) {
            a[x as usize] += 1;
            b[y as usize] += 1;
            self.agreed += u64::from(x == y);
        }
        self.items += first.len().min(second.len()) as u64;
        for (i, name) in names.iter().enumerate() {
            if a[i] > 0 {
                *self.first.entry(name.clone()).or_insert(0) += a[i];
            }
            if b[i] > 0 {
                *self.second.entry(name.clone()).or_insert(0) += b[i];
            }
        }
    }

    pub fn add(&mut self, other: &Kappa) {
        self.items += other.items;
        self.agreed += other.agreed;
        for (name, n) in &other.first {
            *self.first.entry(name.clone()).or_insert(0) += n;
        }
        for (name, n) in &other.second {
            *self.second.entry(name.clone()).or_insert(0) += n;
        }
    }

    /// κ = 1 − Σ_{c≠k} observed / Σ_{c≠k} expected, as scikit-learn computes it; `None`
    /// when no disagreement is expected by chance (both annotators used one and the same
    /// tag throughout, or there are no items), where scikit-learn gives `nan`.
    pub fn kappa(&self) -> Option<f64> {
        let n = self.items as f64;
        let same: f64 = self
            .first
            .iter()
            .map(|(tag, a)| *a as f64 * *self.second.get(tag).unwrap_or(&0) as f64)
            .sum();
        let expected_disagreement = (n * n - same) / n;
        let observed_disagreement = (self.items - self.agreed) as f64;
        (self.items > 0 && expected_disagreement > 0.0)
            .then(|| 1.0 - observed_disagreement / expected_disagreement)
    }
}

/// Krippendorff's α (nominal) from the coincidences of values within units.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Alpha {
    /// Σ over units of (disagreeing ordered pairs of values) / (values in the unit − 1).
    observed: f64,
    /// How often each value occurs in pairable units (units with two values or more).
    values: HashMap<String, u64>,
}

impl Alpha {
    /// Adds units: `tags[a][u]` is annotator `a`'s tag (an index into `names`) of unit `u`;
    /// every annotator given has a value for every unit.
    pub fn add_units(&mut self, tags: &[&[u32]], names: &[String]) {
        let m = tags.len();
        if m < 2 {
            return;
        }
        let units = tags.iter().map(|t| t.len()).min().unwrap_or(0);
        let mut counts = vec![0u64; names.len()];
        let mut unit = vec![0u32; m];
        for u in 0..units {
            for (a, t) in tags.iter().enumerate() {
                unit[a] = t[u];
                counts[t[u] as usize] += 1;
            }
            unit.sort_unstable();
            // The unit's disagreeing ordered pairs of values are m² − Σ_v n_v², where n_v
            // counts the annotators who gave value v; `same` is that Σ_v n_v².
            let mut same = 0u64;
            let mut run = 1u64;
            for w in 1..=m {
                if w < m && unit[w] == unit[w - 1] {
                    run += 1;
                } else {
                    same += run * run;
                    run = 1;
                }
            }
            let m = m as u64;
            self.observed += (m * m - same) as f64 / (m - 1) as f64;
        }
        for (i, name) in names.iter().enumerate() {
            if counts[i] > 0 {
                *self.values.entry(name.clone()).or_insert(0) += counts[i];
            }
        }
    }

    pub fn add(&mut self, other: &Alpha) {
        self.observed += other.observed;
        for (name, n) in &other.values {
            *self.values.entry(name.clone()).or_insert(0) += n;
        }
    }

    /// α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k; `None` when no disagreement is
    /// expected (a single value throughout, or no pairable unit).
    pub fn alpha(&self) -> Option<f64> {
        let n: f64 = self.values.values().map(|v| *v as f64).sum();
        let squares: f64 = self
            .values
            .values()
            .map(|v| (*v as f64) * (*v as f64))
            .sum();
        let expected = n * n - squares;
        (expected > 0.0).then(|| 1.0 - (n - 1.0) * self.observed / expected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn kappa_of_a_hand_computed_table() {
        // 10 items: both O on 6, both PER on 2, O/PER once, PER/O once.
        // p_o = 0.8; marginals 7/3 and 7/3: p_e = 0.49 + 0.09 = 0.58; κ = 0.22/0.42.
        let n = names(&["O", "PER"]);
        let a = [0, 0, 0, 0, 0, 0, 1, 1, 0, 1];
        let b = [0, 0, 0, 0, 0, 0, 1, 1, 1, 0];
        let mut k = Kappa::default();
        k.add_tags(&a[..5], &b[..5], &n);
        k.add_tags(&a[5..], &b[5..], &n);
        let kappa = k.kappa().unwrap();
        assert!((kappa - 0.22 / 0.42).abs() < 1e-12, "{kappa}");
        // Perfect agreement on varied tags is 1; one tag throughout is undefined.
        let mut perfect = Kappa::default();
        perfect.add_tags(&a, &a, &n);
        assert_eq!(perfect.kappa(), Some(1.0));
        let mut constant = Kappa::default();
        constant.add_tags(&[0, 0], &[0, 0], &n);
        assert_eq!(constant.kappa(), None);
        assert_eq!(Kappa::default().kappa(), None);
    }

    #[test]
    fn alpha_of_a_hand_computed_example() {
        // Three annotators, four units, values a/b:
        // u1: a a a, u2: a a b, u3: b b b, u4: a b b.
        // Coincidences: o_ab = o_ba = (2 + 2)/2 = 2 in u2 and u4 together: each unit has
        // 4 disagreeing ordered pairs / (3 − 1) = 2, so Σ_{c≠k} o_ck = 4.
        // n_a = 6, n_b = 6, n = 12: α = 1 − 11 · 4 / (144 − 72) = 1 − 44/72.
        let n = names(&["a", "b"]);
        let first = [0, 0, 1, 0];
        let second = [0, 0, 1, 1];
        let third = [0, 1, 1, 1];
        let mut alpha = Alpha::default();
        alpha.add_units(&[&first, &second, &third], &n);
        let got = alpha.alpha().unwrap();
        assert!((got - (1.0 - 44.0 / 72.0)).abs() < 1e-12, "{got}");
        // A unit seen by one annotator only adds nothing.
        alpha.add_units(&[&[1]], &n);
        assert_eq!(alpha.alpha(), Some(got));
        let mut constant = Alpha::default();
        constant.add_units(&[&[0, 0], &[0, 0]], &n);
        assert_eq!(constant.alpha(), None);
    }
}
