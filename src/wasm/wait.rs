//! Futures for waiting in wasm without leaking: a sleep, an abort signal, a guarded JS promise,
//! and a race of three. Each timer or listener ends when its future is dropped, so a finished
//! call leaves nothing registered in JS (a JS promise that never settles would keep its Rust
//! callbacks alive for good, unless the whole instance is gone).

use std::cell::RefCell;
use std::future::Future;
use std::pin::{pin, Pin};
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

/// Whether something happened, and who to wake when it does.
#[derive(Default)]
struct Flag {
    set: bool,
    waker: Option<Waker>,
}

fn flag_callback(flag: &Rc<RefCell<Flag>>) -> Closure<dyn FnMut()> {
    let flag = flag.clone();
    Closure::new(move || {
        let waker = {
            let mut flag = flag.borrow_mut();
            flag.set = true;
            flag.waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    })
}

fn poll_flag(flag: &RefCell<Flag>, cx: &mut Context<'_>) -> Poll<()> {
    let mut flag = flag.borrow_mut();
    if flag.set {
        Poll::Ready(())
    } else {
        flag.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

/// Ready once `signal` aborts (at once if it already has, never without a signal); its
/// listener is removed when dropped.
pub(crate) struct AbortWait {
    flag: Rc<RefCell<Flag>>,
    listening: Option<(AbortSignal, Closure<dyn FnMut()>)>,
}

impl AbortWait {
    pub(crate) fn new(signal: Option<&AbortSignal>) -> AbortWait {
        let flag = Rc::new(RefCell::new(Flag::default()));
        let Some(signal) = signal else {
            return AbortWait {
                flag,
                listening: None,
            };
        };
        if signal.aborted() {
            flag.borrow_mut().set = true;
            return AbortWait {
                flag,
                listening: None,
            };
        }
        let callback = flag_callback(&flag);
        let listening = signal
            .add_event_listener_with_callback("abort", callback.as_ref().unchecked_ref())
            .ok()
            .map(|()| (signal.clone(), callback));
        AbortWait { flag, listening }
    }
}

impl Future for AbortWait {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        poll_flag(&self.flag, cx)
    }
}

impl Drop for AbortWait {
    fn drop(&mut self) {
        if let Some((signal, callback)) = self.listening.take() {
            let _ = signal
                .remove_event_listener_with_callback("abort", callback.as_ref().unchecked_ref());
        }
    }
}

/// Time and JS promises as a call sees them. js/rest.js supplies every function: the runtime's
/// clock or one the caller injected (tests), and `guard`, which passes a promise on only while
/// this instance is the live one. Every JS promise the call awaits goes through `guard`, so
/// once a trap has replaced the instance nothing calls back into it (its callbacks would throw).
pub(crate) struct Clock {
    /// `() => number`, ms since the epoch.
    pub(crate) now: Option<Function>,
    /// `(ms, signal) => Promise`, settled after `ms`, or at once when `signal` aborts.
    pub(crate) sleep: Function,
    /// `() => number` in [0, 1).
    pub(crate) random: Option<Function>,
    /// `(promise) => Promise`: the same outcome, or never once the instance is replaced.
    pub(crate) guard: Function,
}

impl Clock {
    pub(crate) fn now(&self) -> f64 {
        call_number(&self.now).unwrap_or_else(js_sys::Date::now)
    }

    pub(crate) fn random(&self) -> f64 {
        call_number(&self.random).unwrap_or_else(js_sys::Math::random)
    }

    /// `promise` as a future, through `guard`.
    pub(crate) fn wait(&self, promise: &js_sys::Promise) -> JsFuture {
        let guarded = self
            .guard
            .call1(&JsValue::UNDEFINED, promise)
            .ok()
            .and_then(|value| value.dyn_into::<js_sys::Promise>().ok())
            .unwrap_or_else(|| promise.clone());
        JsFuture::from(guarded)
    }

    /// Ready after `ms`; dropping it ends the JS timer (its promise then settles, which frees
    /// the callbacks waiting on it). A `sleep` that fails waits forever: the race it is in
    /// ends by its other side.
    pub(crate) fn sleep(&self, ms: f64) -> Sleep {
        let controller = AbortController::new().ok();
        let signal = controller.as_ref().map(AbortController::signal);
        let promise = self
            .sleep
            .call2(&JsValue::UNDEFINED, &ms.into(), &signal.into())
            .ok()
            .and_then(|value| value.dyn_into::<js_sys::Promise>().ok());
        Sleep {
            future: promise.map(|promise| self.wait(&promise)),
            controller,
        }
    }
}

/// A running `Clock::sleep`.
pub(crate) struct Sleep {
    future: Option<JsFuture>,
    controller: Option<AbortController>,
}

impl Future for Sleep {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        match self.future.as_mut() {
            Some(future) => Pin::new(future).poll(cx).map(|_| ()),
            None => Poll::Pending,
        }
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        if let Some(controller) = self.controller.take() {
            controller.abort();
        }
    }
}

fn call_number(function: &Option<Function>) -> Option<f64> {
    let value = function.as_ref()?.call0(&JsValue::UNDEFINED).ok()?;
    value.as_f64().filter(|n| n.is_finite())
}

/// Which of three futures finished first.
pub(crate) enum First<A, B, C> {
    A(A),
    B(B),
    C(C),
}

/// Runs three futures until one finishes (polled in order, so `a` wins a tie); the others are
/// dropped, which removes their timers and listeners.
pub(crate) async fn race<A: Future, B: Future, C: Future>(
    a: A,
    b: B,
    c: C,
) -> First<A::Output, B::Output, C::Output> {
    let (mut a, mut b, mut c) = (pin!(a), pin!(b), pin!(c));
    std::future::poll_fn(|cx| {
        if let Poll::Ready(value) = a.as_mut().poll(cx) {
            return Poll::Ready(First::A(value));
        }
        if let Poll::Ready(value) = b.as_mut().poll(cx) {
            return Poll::Ready(First::B(value));
        }
        if let Poll::Ready(value) = c.as_mut().poll(cx) {
            return Poll::Ready(First::C(value));
        }
        Poll::Pending
    })
    .await
}
