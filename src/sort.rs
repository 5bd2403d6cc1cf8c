//! One small sort for the few places that sort: std's stable and unstable sorts are 3–5 KB of
//! wasm for each element type and order they are used with.

/// Sorts `items` by `less` (a strict weak order), in O(n log n) time and no extra memory.
///
/// Not stable: where equal items must keep their order, make the order total (e.g. compare the
/// original positions last). The places that sort here sort once per call (catch-up's events,
/// a pattern's few states), where a heap sort is fast enough (reconciling 10,000 messages,
/// sort included: 47 ms natively).
pub(crate) fn heap_sort<T>(items: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    // Moves the item at `root` down the max-heap `heap` until no child is greater.
    let mut sift_down = |heap: &mut [T], mut root: usize| loop {
        let mut child = 2 * root + 1;
        if child >= heap.len() {
            return;
        }
        if child + 1 < heap.len() && less(&heap[child], &heap[child + 1]) {
            child += 1;
        }
        if !less(&heap[root], &heap[child]) {
            return;
        }
        heap.swap(root, child);
        root = child;
    };
    for root in (0..items.len() / 2).rev() {
        sift_down(items, root);
    }
    for end in (1..items.len()).rev() {
        items.swap(0, end);
        sift_down(&mut items[..end], 0);
    }
}

#[cfg(test)]
mod tests {
    use super::heap_sort;

    /// A small deterministic generator (xorshift), so failures reproduce.
    fn numbers(seed: u64, len: usize, modulo: u64) -> Vec<u64> {
        let mut state = seed | 1;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state % modulo
            })
            .collect()
    }

    #[test]
    fn agrees_with_std_sort_on_every_length_and_with_duplicates() {
        for len in 0..70 {
            for modulo in [1, 3, 1000] {
                let mut ours = numbers(len as u64 * 31 + modulo, len, modulo);
                let mut std = ours.clone();
                heap_sort(&mut ours, |a, b| a < b);
                std.sort();
                assert_eq!(ours, std, "len {len}, values below {modulo}");
            }
        }
    }

    #[test]
    fn a_total_order_over_key_and_position_gives_the_stable_order() {
        let keys = numbers(7, 5_000, 40);
        let mut ours: Vec<(usize, u64)> = keys.iter().copied().enumerate().collect();
        heap_sort(&mut ours, |(i, a), (j, b)| (a, i) < (b, j));
        let mut stable: Vec<(usize, u64)> = keys.iter().copied().enumerate().collect();
        stable.sort_by_key(|&(_, key)| key);
        assert_eq!(ours, stable);
    }

    #[test]
    fn a_descending_order_sorts_descending() {
        let mut ours = numbers(11, 1_000, 1 << 20);
        heap_sort(&mut ours, |a, b| a > b);
        assert!(ours.windows(2).all(|pair| pair[0] >= pair[1]));
    }
}
