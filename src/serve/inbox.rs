//! What the rebuild loop is sent (the watcher's changes, Ctrl+C): taken a
//! change at a time, and looked at during a rebuild without being taken,
//! so that a rebuild can leave its slow last part to the next one.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use super::Msg;

/// How long the events of one change may trail each other (an editor's
/// save is several: a temporary file written, renamed, the folder touched).
const DEBOUNCE: Duration = Duration::from_millis(50);

pub struct Inbox {
    rx: mpsc::Receiver<Msg>,
    /// Messages looked at by [`Inbox::waiting`], taken before new ones.
    early: RefCell<VecDeque<Msg>>,
}

impl Inbox {
    pub fn new(rx: mpsc::Receiver<Msg>) -> Inbox {
        Inbox {
            rx,
            early: RefCell::new(VecDeque::new()),
        }
    }

    /// Whether a message is waiting (a change, or the preview to stop).
    pub fn waiting(&self) -> bool {
        let mut early = self.early.borrow_mut();
        while let Ok(m) = self.rx.try_recv() {
            early.push_back(m);
        }
        !early.is_empty()
    }

    fn recv_timeout(&self, wait: Duration) -> Result<Msg, RecvTimeoutError> {
        match self.early.borrow_mut().pop_front() {
            Some(m) => Ok(m),
            None => self.rx.recv_timeout(wait),
        }
    }

    /// The next change: the paths of the events that come within
    /// [`DEBOUNCE`] of each other, or of those waiting after a rebuild.
    /// None when the preview is to stop.
    pub fn next_change(&self) -> Option<Vec<PathBuf>> {
        let first = match self.early.borrow_mut().pop_front() {
            Some(m) => m,
            None => self.rx.recv().ok()?,
        };
        let Msg::Changed(mut changed) = first else {
            return None;
        };
        // A long copy keeps sending events: the site is rebuilt at least this
        // often meanwhile.
        let until = Instant::now() + Duration::from_millis(1000);
        while Instant::now() < until {
            match self.recv_timeout(DEBOUNCE) {
                Ok(Msg::Changed(more)) => changed.extend(more),
                Ok(Msg::Stop) => return None,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        Some(changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_looked_at_is_still_the_next_one() {
        let (tx, rx) = mpsc::channel();
        let inbox = Inbox::new(rx);
        assert!(!inbox.waiting());
        tx.send(Msg::Changed(vec!["a.md".into()])).unwrap();
        assert!(inbox.waiting());
        tx.send(Msg::Changed(vec!["b.md".into()])).unwrap();
        assert_eq!(
            inbox.next_change(),
            Some(vec![PathBuf::from("a.md"), PathBuf::from("b.md")])
        );
        assert!(!inbox.waiting());
        tx.send(Msg::Stop).unwrap();
        assert!(inbox.waiting(), "a stop waits too");
        assert_eq!(inbox.next_change(), None);
    }
}
