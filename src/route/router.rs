//! Handlers by pattern, in registration order: the routing logic, knowing nothing of JavaScript.

use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

use super::pattern::{Pattern, PatternError};

/// Identifies one registration; returned by [`Router::on`] and [`Router::once`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HandlerId(u64);

struct Entry<H> {
    id: HandlerId,
    pattern: Pattern,
    /// The pattern's text, shared with every [`Match`] (a match costs no string copy).
    text: Rc<str>,
    handler: H,
    once: bool,
}

/// A matched handler, as [`Router::take_matches`] hands it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match<H> {
    /// The registration's id, as [`Router::on`] or [`Router::once`] returned it.
    pub id: HandlerId,
    /// The pattern it was registered with.
    pub pattern: Rc<str>,
    /// A clone of the handler registered.
    pub handler: H,
}

/// Patterns to handlers. Matches come in registration order, whatever mix of exact and
/// wildcard patterns matched: that order is the call order.
///
/// Its `Debug` shows the patterns in registration order, never the handlers.
pub struct Router<H> {
    entries: Vec<Entry<H>>,
    next_id: u64,
    /// Matching entries' positions per event name, dropped on every change. A Connector emits
    /// a few dozen distinct names, so this stays small; it is bounded all the same, because
    /// `consumption.relationshipEvent.<id>` names are unbounded.
    pub(super) cache: HashMap<String, Vec<usize>>,
}

const CACHE_LIMIT: usize = 1024;

impl<H> fmt::Debug for Router<H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let patterns: Vec<&str> = self.entries.iter().map(|entry| &*entry.text).collect();
        f.debug_struct("Router")
            .field("patterns", &patterns)
            .finish_non_exhaustive()
    }
}

impl<H: Clone> Default for Router<H> {
    fn default() -> Self {
        Router {
            entries: Vec::new(),
            next_id: 0,
            cache: HashMap::new(),
        }
    }
}

impl<H: Clone> Router<H> {
    /// An empty router.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `handler` for every event whose name matches `pattern`.
    ///
    /// # Errors
    /// A pattern [`Pattern::parse`] refuses.
    pub fn on(&mut self, pattern: &str, handler: H) -> Result<HandlerId, PatternError> {
        self.add(pattern, handler, false)
    }

    /// Registers `handler` for the first matching event only.
    ///
    /// # Errors
    /// A pattern [`Pattern::parse`] refuses.
    pub fn once(&mut self, pattern: &str, handler: H) -> Result<HandlerId, PatternError> {
        self.add(pattern, handler, true)
    }

    fn add(&mut self, pattern: &str, handler: H, once: bool) -> Result<HandlerId, PatternError> {
        let pattern = Pattern::parse(pattern)?;
        let id = HandlerId(self.next_id);
        self.next_id += 1;
        let text = Rc::from(pattern.as_str());
        self.entries.push(Entry {
            id,
            pattern,
            text,
            handler,
            once,
        });
        self.cache.clear();
        Ok(id)
    }

    /// Removes one registration; returns its handler if it was there.
    pub fn remove(&mut self, id: HandlerId) -> Option<H> {
        let index = self.entries.iter().position(|entry| entry.id == id)?;
        self.cache.clear();
        Some(self.entries.remove(index).handler)
    }

    /// Removes every registration of exactly `pattern` whose handler satisfies `same`;
    /// returns how many were removed.
    pub fn remove_where(&mut self, pattern: &str, same: impl Fn(&H) -> bool) -> usize {
        let before = self.entries.len();
        self.entries
            .retain(|entry| !(entry.pattern.as_str() == pattern && same(&entry.handler)));
        let removed = before - self.entries.len();
        if removed > 0 {
            self.cache.clear();
        }
        removed
    }

    /// The number of registrations.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no registrations.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether any registration matches `name`, without consuming `once` registrations.
    pub fn has_match(&mut self, name: &str) -> bool {
        !self.positions(name).is_empty()
    }

    /// The registrations matching `name`, in registration order. `once` registrations among
    /// them are removed now, before any handler runs, so a handler that dispatches again
    /// cannot call them twice.
    pub fn take_matches(&mut self, name: &str) -> Vec<Match<H>> {
        let positions = self.positions(name).to_vec();
        let matches = positions
            .iter()
            .map(|&index| {
                let entry = &self.entries[index];
                Match {
                    id: entry.id,
                    pattern: Rc::clone(&entry.text),
                    handler: entry.handler.clone(),
                }
            })
            .collect();
        if positions.iter().any(|&index| self.entries[index].once) {
            let mut index = 0;
            self.entries.retain(|entry| {
                let keep = !(entry.once && positions.contains(&index));
                index += 1;
                keep
            });
            self.cache.clear();
        }
        matches
    }

    /// The handlers of the registrations matching `name`, in registration order, without
    /// consuming `once` registrations (for a caller that keeps its own handlers by key).
    pub fn matching(&mut self, name: &str) -> Vec<H> {
        let positions = self.positions(name).to_vec();
        positions
            .iter()
            .map(|&index| self.entries[index].handler.clone())
            .collect()
    }

    fn positions(&mut self, name: &str) -> &[usize] {
        if !self.cache.contains_key(name) {
            if self.cache.len() >= CACHE_LIMIT {
                self.cache.clear();
            }
            let found = self
                .entries
                .iter()
                .enumerate()
                .filter(|(_, entry)| entry.pattern.matches(name))
                .map(|(index, _)| index)
                .collect();
            self.cache.insert(name.to_string(), found);
        }
        &self.cache[name]
    }
}
