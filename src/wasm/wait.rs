//! Futures for waiting in wasm without leaking: a timer, an abort signal, an injected clock's
//! sleep, and a race of three. Each timer or listener is removed when its future is dropped, so
//! a finished call leaves nothing registered in JS (a JS promise that never settles would keep
//! its Rust callbacks alive for good).

use std::cell::RefCell;
use std::future::Future;
use std::pin::{pin, Pin};
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

#[wasm_bindgen]
extern "C" {
    // The global functions every runtime has (Window, Worker, workerd, Node, Deno, Bun).
    #[wasm_bindgen(catch, js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue) -> Result<(), JsValue>;
}

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

/// Ready after `ms` (`setTimeout`); cleared when dropped.
pub(crate) struct Timer {
    flag: Rc<RefCell<Flag>>,
    id: Option<JsValue>,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    pub(crate) fn new(ms: f64) -> Timer {
        let flag = Rc::new(RefCell::new(Flag::default()));
        let callback = flag_callback(&flag);
        // Timers past 2^31 - 1 ms fire at once in JS: the longest wait is capped instead.
        let ms = ms.clamp(0.0, 2_147_483_647.0);
        // A runtime without setTimeout never fires: the call then waits on the network alone.
        let id = set_timeout(callback.as_ref().unchecked_ref(), ms).ok();
        Timer {
            flag,
            id,
            _callback: callback,
        }
    }
}

impl Future for Timer {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        poll_flag(&self.flag, cx)
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some(id) = self.id.take() {
            let _ = clear_timeout(&id);
        }
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

/// Time as the call sees it: the runtime's, or a clock the caller injected (tests).
pub(crate) struct Clock {
    /// `() => number`, ms since the epoch.
    pub(crate) now: Option<Function>,
    /// `(ms) => Promise`, settled after `ms` of the clock's time.
    pub(crate) sleep: Option<Function>,
    /// `() => number` in [0, 1).
    pub(crate) random: Option<Function>,
}

impl Clock {
    pub(crate) fn now(&self) -> f64 {
        call_number(&self.now).unwrap_or_else(js_sys::Date::now)
    }

    pub(crate) fn random(&self) -> f64 {
        call_number(&self.random).unwrap_or_else(js_sys::Math::random)
    }

    /// Ready after `ms`. An injected sleep that throws or returns no promise waits in real
    /// time instead (js/rest.js already makes it return a promise).
    pub(crate) fn sleep(&self, ms: f64) -> Pin<Box<dyn Future<Output = ()>>> {
        let Some(sleep) = &self.sleep else {
            return Box::pin(Timer::new(ms));
        };
        let promise = sleep
            .call1(&JsValue::UNDEFINED, &ms.into())
            .ok()
            .and_then(|value| value.dyn_into::<js_sys::Promise>().ok());
        match promise {
            Some(promise) => {
                let future = JsFuture::from(promise);
                Box::pin(async move {
                    let _ = future.await;
                })
            }
            None => Box::pin(Timer::new(ms)),
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
