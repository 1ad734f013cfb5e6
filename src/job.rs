//! Background jobs: work run on a named thread that sends what it finds back over a channel
//! (a folder's statuses, folder statistics, suggestions of a long article, an export). One
//! helper, so that a thread that could not start is always reported, never a panic and never
//! a job waited for forever.

use std::sync::mpsc::{Receiver, Sender, TryRecvError};

/// A background thread could not be started (the system is out of threads or memory).
#[derive(Debug, thiserror::Error)]
#[error("cannot start the background work ({what}): {source}")]
pub struct JobError {
    pub what: &'static str,
    #[source]
    pub source: std::io::Error,
}

/// What a job has sent so far.
#[derive(Debug, PartialEq, Eq)]
pub enum Poll<T> {
    /// Nothing new yet; the job is still running.
    Pending,
    /// A message from the job.
    Ready(T),
    /// The job ended and everything it sent has been taken.
    Ended,
}

/// A job running on its own thread, sending messages of type `T`.
#[derive(Debug)]
pub struct Job<T> {
    receiver: Receiver<T>,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a thread named after `what`; `work` sends its results (one or many)
    /// through the sender it is given, and may stop when a send fails (nobody listens).
    pub fn start(
        what: &'static str,
        work: impl FnOnce(Sender<T>) + Send + 'static,
    ) -> Result<Self, JobError> {
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name(what.to_owned())
            .spawn(move || work(sender))
            .map_err(|source| JobError { what, source })?;
        Ok(Self { receiver })
    }

    /// The next message, without waiting.
    pub fn poll(&self) -> Poll<T> {
        match self.receiver.try_recv() {
            Ok(message) => Poll::Ready(message),
            Err(TryRecvError::Empty) => Poll::Pending,
            Err(TryRecvError::Disconnected) => Poll::Ended,
        }
    }

    /// Waits for the next message (`None`: the job ended).
    pub fn wait(&self) -> Option<T> {
        self.receiver.recv().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_sends_then_ends() {
        let job = Job::start("test", |tx| {
            for n in 0..3 {
                let _ = tx.send(n);
            }
        })
        .unwrap();
        let got: Vec<i32> = std::iter::from_fn(|| job.wait()).collect();
        assert_eq!(got, vec![0, 1, 2]);
        assert_eq!(job.poll(), Poll::Ended);
    }
}
