//! The broker subscriptions that carry the events a set of trigger patterns matches.
//!
//! Each broker has its own wildcard syntax. Where it cannot say exactly what a pattern means, the
//! subscription is broader (never narrower): the router checks every delivery against the exact
//! patterns again, and what no handler matches comes back as an unhandled report. Subscriptions
//! that another one of the result already covers are left out, so no broker delivers an event
//! twice to one consumer because two of its subscriptions match it.

use std::fmt;

use super::pattern::{Pattern, PatternError, Segment};

/// A message broker the Connector's Message Broker Publisher module publishes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Broker {
    /// AMQP 0-9-1 (RabbitMQ), topic exchange: routing key = event name.
    Amqp,
    /// MQTT: topic = event name with `.` replaced by `/`.
    Mqtt,
    /// Redis pub/sub: channel = event name.
    Redis,
    /// Google Cloud Pub/Sub: attribute `namespace` = event name.
    PubSub,
}

impl Broker {
    /// The broker named `"amqp"`, `"mqtt"`, `"redis"` or `"pubsub"`.
    ///
    /// # Errors
    /// [`SubscriptionError::UnknownBroker`] for any other name.
    pub fn from_name(name: &str) -> Result<Broker, SubscriptionError> {
        match name {
            "amqp" => Ok(Broker::Amqp),
            "mqtt" => Ok(Broker::Mqtt),
            "redis" => Ok(Broker::Redis),
            "pubsub" => Ok(Broker::PubSub),
            other => Err(SubscriptionError::UnknownBroker {
                broker: other.to_string(),
            }),
        }
    }
}

/// What to subscribe to at one broker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subscriptions {
    /// Binding keys of a queue on a topic exchange.
    Amqp {
        /// `*` for one word, `#` for any number.
        binding_keys: Vec<String>,
    },
    /// Topic filters.
    Mqtt {
        /// `+` for one level, `#` (last only) for any number.
        topic_filters: Vec<String>,
    },
    /// Redis `PSUBSCRIBE` patterns and `SUBSCRIBE` channels.
    Redis {
        /// Globs; `*` spans dots, literal text has `*?[]\` escaped.
        patterns: Vec<String>,
        /// Exact channel names.
        channels: Vec<String>,
    },
    /// A Pub/Sub subscription filter on the `namespace` attribute.
    PubSub {
        /// `attributes.namespace = "…"` and `hasPrefix(attributes.namespace, "…")` joined by
        /// `OR`; `""` (everything) when the patterns match any name, when there are none, or
        /// when even the broadened filter is longer than Pub/Sub's 256 bytes.
        filter: String,
    },
}

/// Why [`broker_subscriptions`] refused its input.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubscriptionError {
    /// A pattern the router would refuse too.
    Pattern(PatternError),
    /// A broker name other than `amqp`, `mqtt`, `redis` and `pubsub`.
    UnknownBroker {
        /// The name given.
        broker: String,
    },
}

impl SubscriptionError {
    /// A stable code: `invalid_pattern` or `invalid_broker`.
    pub fn code(&self) -> &'static str {
        match self {
            SubscriptionError::Pattern(error) => error.code(),
            SubscriptionError::UnknownBroker { .. } => "invalid_broker",
        }
    }
}

impl fmt::Display for SubscriptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SubscriptionError::Pattern(error) => error.fmt(f),
            SubscriptionError::UnknownBroker { broker } => write!(
                f,
                "unknown broker {broker:?}: expected \"amqp\", \"mqtt\", \"redis\" or \"pubsub\""
            ),
        }
    }
}

impl std::error::Error for SubscriptionError {}

/// Pub/Sub refuses longer subscription filters.
const PUBSUB_FILTER_MAX: usize = 256;

/// The subscriptions at `broker` that carry every event the trigger `patterns` match (and maybe
/// more: see [`Subscriptions`]). Patterns are kept in their order, less those another one covers.
///
/// ```
/// use enmeshed_events::{broker_subscriptions, Broker, Subscriptions};
///
/// let found = broker_subscriptions(["transport.**", "transport.messageReceived"], Broker::Mqtt).unwrap();
/// assert_eq!(found, Subscriptions::Mqtt { topic_filters: vec!["transport/#".into()] });
/// ```
///
/// # Errors
/// [`SubscriptionError::Pattern`] for a pattern [`Pattern::parse`] refuses.
pub fn broker_subscriptions<'a>(
    patterns: impl IntoIterator<Item = &'a str>,
    broker: Broker,
) -> Result<Subscriptions, SubscriptionError> {
    let patterns = patterns
        .into_iter()
        .map(Pattern::parse)
        .collect::<Result<Vec<_>, _>>()
        .map_err(SubscriptionError::Pattern)?;
    Ok(match broker {
        Broker::Amqp => Subscriptions::Amqp {
            binding_keys: render_all(&patterns, amqp, |t| render(t, ".", "*", "#")),
        },
        Broker::Mqtt => Subscriptions::Mqtt {
            topic_filters: render_all(&patterns, mqtt, |t| render(t, "/", "+", "#")),
        },
        Broker::Redis => {
            let (channels, patterns): (Vec<_>, Vec<_>) =
                minimal(patterns.iter().map(redis).collect())
                    .into_iter()
                    .partition(|tokens| tokens.iter().all(|t| matches!(t, Token::Lit(_))));
            Subscriptions::Redis {
                patterns: patterns.iter().map(|t| glob(t)).collect(),
                // A channel is a name, not a glob: nothing to escape.
                channels: channels.iter().map(|t| literal(t)).collect(),
            }
        }
        Broker::PubSub => Subscriptions::PubSub {
            filter: pubsub(&patterns),
        },
    })
}

/// A pattern as a broker reads it: a sequence of literal tokens (words, levels, characters),
/// tokens that match exactly one, and tokens that match any number.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token<T> {
    Lit(T),
    One,
    Any,
}

fn render_all(
    patterns: &[Pattern],
    translate: fn(&Pattern) -> Vec<Token<String>>,
    render: impl Fn(&[Token<String>]) -> String,
) -> Vec<String> {
    minimal(patterns.iter().map(translate).collect())
        .iter()
        .map(|tokens| render(tokens))
        .collect()
}

fn render(tokens: &[Token<String>], separator: &str, one: &str, any: &str) -> String {
    let parts: Vec<&str> = tokens
        .iter()
        .map(|token| match token {
            Token::Lit(text) => text.as_str(),
            Token::One => one,
            Token::Any => any,
        })
        .collect();
    parts.join(separator)
}

/// AMQP topic words: `*` and `#` are wildcards only as whole words, exactly as in a pattern;
/// a literal word `#` is one to RabbitMQ, so it is read as one here.
fn amqp(pattern: &Pattern) -> Vec<Token<String>> {
    pattern
        .segments()
        .iter()
        .map(|segment| match segment {
            Segment::Literal(text) if text == "#" => Token::Any,
            Segment::Literal(text) => Token::Lit(text.clone()),
            Segment::One => Token::One,
            Segment::Any => Token::Any,
        })
        .collect()
}

/// MQTT levels: the Connector's topic is the name with `.` → `/`. `#` may only stand last, so a
/// `**` before other segments becomes a trailing `#`; a literal holding `+` or `#` (which a topic
/// filter cannot) becomes `+`, or `#` if it spans levels.
fn mqtt(pattern: &Pattern) -> Vec<Token<String>> {
    let mut levels = Vec::new();
    for segment in pattern.segments() {
        match segment {
            Segment::Literal(text) if text.contains(['+', '#', '\0']) => {
                if text.contains('/') {
                    levels.push(Token::Any);
                    break;
                }
                levels.push(Token::One);
            }
            Segment::Literal(text) => {
                levels.extend(text.split('/').map(|level| Token::Lit(level.to_string())))
            }
            Segment::One => levels.push(Token::One),
            Segment::Any => {
                levels.push(Token::Any);
                break;
            }
        }
    }
    levels
}

/// A Redis glob, character by character. Exact patterns stay exact (they become channels). A `*`
/// segment becomes `*` (which spans dots: broader), and a `**` becomes `*` with the dot beside
/// it dropped, since it may stand for no segment at all (`a.**` → `a*` matches `a`).
fn redis(pattern: &Pattern) -> Vec<Token<char>> {
    let mut tokens = Vec::new();
    let mut after_any = false;
    for (index, segment) in pattern.segments().iter().enumerate() {
        let any = *segment == Segment::Any;
        if index > 0 && !any && !after_any {
            tokens.push(Token::Lit('.'));
        }
        match segment {
            Segment::Literal(text) => tokens.extend(text.chars().map(Token::Lit)),
            Segment::One | Segment::Any => {
                if tokens.last() != Some(&Token::Any) {
                    tokens.push(Token::Any);
                }
            }
        }
        after_any = any;
    }
    tokens
}

/// The text of tokens that are all literals.
fn literal(tokens: &[Token<char>]) -> String {
    tokens
        .iter()
        .filter_map(|token| match token {
            Token::Lit(c) => Some(*c),
            _ => None,
        })
        .collect()
}

/// A glob's text: literal `*`, `?`, `[`, `]` and `\` escaped with `\`.
fn glob(tokens: &[Token<char>]) -> String {
    let mut out = String::new();
    for token in tokens {
        match token {
            Token::Lit(c) => {
                if matches!(c, '*' | '?' | '[' | ']' | '\\') {
                    out.push('\\');
                }
                out.push(*c);
            }
            Token::One => out.push('?'),
            Token::Any => out.push('*'),
        }
    }
    out
}

/// A Pub/Sub filter: exact names with `=`, the rest by the prefix of literal segments before
/// their first wildcard (with its dot only when the wildcard is `*`, which needs a segment).
fn pubsub(patterns: &[Pattern]) -> String {
    let mut entries = Vec::new();
    for pattern in patterns {
        let segments = pattern.segments();
        let literals: Vec<&str> = segments
            .iter()
            .map_while(|s| match s {
                Segment::Literal(text) => Some(text.as_str()),
                _ => None,
            })
            .collect();
        let entry = match segments.get(literals.len()) {
            None => Filter::Exact(literals.join(".")),
            Some(_) if literals.is_empty() => return String::new(),
            Some(Segment::One) => Filter::Prefix(literals.join(".") + "."),
            Some(_) => Filter::Prefix(literals.join(".")),
        };
        entries.push(entry);
    }
    let filter = render_filter(&minimal_filters(entries.clone()));
    if filter.len() <= PUBSUB_FILTER_MAX {
        return filter;
    }
    // Broader: every name by its first segment alone.
    let broad = entries
        .iter()
        .map(|entry| {
            let (Filter::Exact(text) | Filter::Prefix(text)) = entry;
            Filter::Prefix(text.split('.').next().unwrap_or_default().to_string())
        })
        .collect();
    let filter = render_filter(&minimal_filters(broad));
    if filter.len() <= PUBSUB_FILTER_MAX {
        filter
    } else {
        String::new()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Filter {
    Exact(String),
    Prefix(String),
}

impl Filter {
    fn covers(&self, other: &Filter) -> bool {
        match (self, other) {
            (Filter::Exact(a), Filter::Exact(b)) => a == b,
            (Filter::Exact(_), Filter::Prefix(_)) => false,
            (Filter::Prefix(p), Filter::Exact(text) | Filter::Prefix(text)) => {
                text.starts_with(p.as_str())
            }
        }
    }
}

fn minimal_filters(entries: Vec<Filter>) -> Vec<Filter> {
    keep_uncovered(entries, Filter::covers)
}

fn render_filter(entries: &[Filter]) -> String {
    let quoted = |text: &str| format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""));
    entries
        .iter()
        .map(|entry| match entry {
            Filter::Exact(name) => format!("attributes.namespace = {}", quoted(name)),
            Filter::Prefix(prefix) => {
                format!("hasPrefix(attributes.namespace, {})", quoted(prefix))
            }
        })
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// The token sequences that no other one includes, in their order; of equal ones the first.
fn minimal<T: Eq>(all: Vec<Vec<Token<T>>>) -> Vec<Vec<Token<T>>> {
    keep_uncovered(all, |a, b| includes(b, a))
}

/// Keeps each entry that no other entry covers; of two that cover each other, the earlier.
fn keep_uncovered<E>(entries: Vec<E>, covers: impl Fn(&E, &E) -> bool) -> Vec<E> {
    let keep: Vec<bool> = (0..entries.len())
        .map(|i| {
            !(0..entries.len()).any(|j| {
                j != i
                    && covers(&entries[j], &entries[i])
                    && (j < i || !covers(&entries[i], &entries[j]))
            })
        })
        .collect();
    entries
        .into_iter()
        .zip(keep)
        .filter_map(|(entry, keep)| keep.then_some(entry))
        .collect()
}

/// Gives up (answers "not included", which only keeps a redundant subscription) past this many
/// explored state pairs; real patterns need a few dozen.
const MAX_PAIRS: usize = 2_000;

/// Whether every sequence `a` matches is matched by `b`: the two patterns as automata, run
/// side by side over every literal either names plus one that neither names.
fn includes<T: Eq>(a: &[Token<T>], b: &[Token<T>]) -> bool {
    let mut symbols: Vec<Option<&T>> = vec![None];
    for token in a.iter().chain(b) {
        if let Token::Lit(lit) = token {
            if !symbols.contains(&Some(lit)) {
                symbols.push(Some(lit));
            }
        }
    }
    // A few dozen pairs at most for real patterns: a list is smaller in wasm than a hash set.
    let mut seen = vec![(closure(a, vec![0]), closure(b, vec![0]))];
    let mut next_unexplored = 0;
    while let Some((in_a, in_b)) = seen.get(next_unexplored).cloned() {
        next_unexplored += 1;
        if in_a.contains(&a.len()) && !in_b.contains(&b.len()) {
            return false;
        }
        if in_a.is_empty() {
            continue;
        }
        for &symbol in &symbols {
            let next = (step(a, &in_a, symbol), step(b, &in_b, symbol));
            if !seen.contains(&next) {
                if seen.len() >= MAX_PAIRS {
                    return false;
                }
                seen.push(next);
            }
        }
    }
    true
}

/// The states (tokens matched so far) reachable from `states` through `Any` matching nothing.
fn closure<T>(tokens: &[Token<T>], mut states: Vec<usize>) -> Vec<usize> {
    let mut i = 0;
    while i < states.len() {
        let state = states[i];
        if matches!(tokens.get(state), Some(Token::Any)) && !states.contains(&(state + 1)) {
            states.push(state + 1);
        }
        i += 1;
    }
    crate::sort::heap_sort(&mut states, |a, b| a < b);
    states
}

/// The states after reading `symbol` (`None`: a symbol no literal names).
fn step<T: Eq>(tokens: &[Token<T>], states: &[usize], symbol: Option<&T>) -> Vec<usize> {
    let mut next = Vec::new();
    for &state in states {
        let to = match tokens.get(state) {
            Some(Token::Any) => Some(state),
            Some(Token::One) => Some(state + 1),
            Some(Token::Lit(lit)) if Some(lit) == symbol => Some(state + 1),
            _ => None,
        };
        if let Some(to) = to {
            if !next.contains(&to) {
                next.push(to);
            }
        }
    }
    closure(tokens, next)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
