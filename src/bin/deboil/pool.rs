//! An ordered, bounded parallel map: items are read lazily, processed on worker threads, and
//! handed to the sink in input order as soon as each one's turn comes.
//!
//! Why not `rayon::par_iter().collect()`: that needs all inputs up front and keeps all
//! results until the end, and a JSONL batch can have millions of pages. Here at most `window`
//! items exist at once (queued, being processed, or done and waiting for an earlier one), so
//! memory stays bounded whatever the input size, and output streams.

use std::sync::mpsc;
use std::sync::{Condvar, Mutex};
use std::thread;

/// Applies `work` to every item and passes the results to `sink` in input order.
///
/// `jobs <= 1` runs everything on the calling thread, one item at a time (no thread is
/// started: timings are then free of any contention). Otherwise a reader thread pulls items
/// (so a slow input, e.g. a pipe, never holds back output of finished items), `jobs` workers
/// process them, and the calling thread reorders and sinks.
pub fn ordered_map<T, R, I, W, S>(items: I, jobs: usize, work: W, mut sink: S)
where
    T: Send,
    R: Send,
    I: Iterator<Item = T> + Send,
    W: Fn(T) -> R + Sync,
    S: FnMut(R),
{
    if jobs <= 1 {
        for item in items {
            sink(work(item));
        }
        return;
    }
    let window = jobs * 4;
    let permits = Semaphore::new(window);
    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, T)>(window);
    let job_rx = Mutex::new(job_rx);
    let (res_tx, res_rx) = mpsc::channel::<(usize, R)>();
    thread::scope(|scope| {
        let permits = &permits;
        scope.spawn(move || {
            for (i, item) in items.enumerate() {
                permits.acquire();
                if job_tx.send((i, item)).is_err() {
                    break;
                }
            }
        });
        for _ in 0..jobs {
            let (job_rx, res_tx, work) = (&job_rx, res_tx.clone(), &work);
            scope.spawn(move || {
                loop {
                    // The lock is held only while waiting for the next item.
                    let next = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => break,
                    };
                    let Ok((i, item)) = next else { break };
                    if res_tx.send((i, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(res_tx);
        let mut pending = std::collections::BTreeMap::new();
        let mut next = 0usize;
        // Ends when the reader is done and every worker has dropped its sender.
        for (i, r) in res_rx {
            pending.insert(i, r);
            while let Some(r) = pending.remove(&next) {
                sink(r);
                next += 1;
                permits.release();
            }
        }
    });
}

/// A counting semaphore from std parts: the reader takes a permit per item, the sink gives it
/// back once the item is written.
struct Semaphore {
    count: Mutex<usize>,
    cv: Condvar,
}

impl Semaphore {
    fn new(n: usize) -> Self {
        Semaphore {
            count: Mutex::new(n),
            cv: Condvar::new(),
        }
    }

    fn acquire(&self) {
        let Ok(mut n) = self.count.lock() else { return };
        while *n == 0 {
            n = match self.cv.wait(n) {
                Ok(n) => n,
                Err(_) => return,
            };
        }
        *n -= 1;
    }

    fn release(&self) {
        if let Ok(mut n) = self.count.lock() {
            *n += 1;
            self.cv.notify_one();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_input_order_and_bounds_in_flight() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let started = AtomicUsize::new(0);
        let mut out = Vec::new();
        let mut max_ahead = 0;
        ordered_map(
            0..500u64,
            4,
            |i| {
                started.fetch_add(1, Ordering::SeqCst);
                // Uneven work so that results arrive out of order.
                std::thread::sleep(std::time::Duration::from_micros((i * 7919) % 300));
                i * 2
            },
            |r| {
                let ahead = started.load(Ordering::SeqCst) - out.len();
                max_ahead = max_ahead.max(ahead);
                out.push(r);
            },
        );
        assert_eq!(out, (0..500).map(|i| i * 2).collect::<Vec<_>>());
        assert!(max_ahead <= 16, "{max_ahead} items in flight");
    }

    #[test]
    fn single_job_runs_inline() {
        let me = std::thread::current().id();
        let mut out = Vec::new();
        ordered_map(
            0..3,
            1,
            |i| (i, std::thread::current().id()),
            |r| out.push(r),
        );
        assert!(out.iter().all(|&(_, id)| id == me));
    }
}
