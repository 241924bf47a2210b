//! The HTTP transport of the `openai` backend, as a tower service under `async-openai`.
//!
//! It bounds the requests in flight with a semaphore shared by every client of a run, retries
//! 429, 5xx and connection errors with exponential backoff and jitter, honours `Retry-After`
//! up to a cap (a huge value must not hang a CI job), and never retries other 4xx answers: a
//! wrong key or model must fail at once. `async-openai`'s own retry layer is replaced, since it
//! gives up on a non-JSON 429 body and has no jitter or cap.

use std::sync::Arc;
use std::time::Duration;

use async_openai::error::OpenAIError;
use async_openai::middleware::HttpRequestFactory;
use tokio::sync::Semaphore;

/// The HTTP transport: bounded concurrency, retries with backoff, jitter and `Retry-After`.
pub fn service(
    http: reqwest::Client,
    permits: Arc<Semaphore>,
    retries: u32,
    max_backoff: Duration,
) -> impl tower::Service<
    HttpRequestFactory,
    Response = reqwest::Response,
    Error = OpenAIError,
    Future = impl Future<Output = Result<reqwest::Response, OpenAIError>> + Send + 'static,
> + Clone
+ Send
+ Sync
+ 'static {
    tower::service_fn(move |factory: HttpRequestFactory| {
        let http = http.clone();
        let permits = permits.clone();
        async move {
            let mut attempt: u32 = 0;
            loop {
                let request = factory.build().await?;
                let response = {
                    let _permit = permits.acquire().await.map_err(|e| OpenAIError::InvalidArgument(e.to_string()))?;
                    match http.execute(request).await {
                        Ok(r) => bounded(r, MAX_RESPONSE_BYTES).await,
                        Err(e) => Err(Fetch::Http(e)),
                    }
                };
                let wait = match &response {
                    Ok(r) if r.status().as_u16() == 429 || r.status().is_server_error() => {
                        Some(retry_after(r.headers()).unwrap_or_else(|| backoff(attempt)))
                    }
                    // Refused, reset, or dropped before the answer was complete: like a 503.
                    Err(Fetch::Http(e)) if e.is_connect() || (e.is_request() || e.is_body()) && !e.is_timeout() => {
                        Some(backoff(attempt))
                    }
                    _ => None,
                };
                match wait {
                    Some(wait) if attempt < retries => {
                        tokio::time::sleep(wait.min(max_backoff)).await;
                        attempt += 1;
                    }
                    _ => {
                        return response.map_err(|e| match e {
                            Fetch::Http(e) => OpenAIError::Reqwest(e),
                            Fetch::TooLarge(limit) => OpenAIError::InvalidArgument(format!(
                                "the server's answer is larger than {} MiB; ire stopped reading it",
                                limit >> 20
                            )),
                        });
                    }
                }
            }
        }
    })
}

/// The most ire reads of one answer. A chat completion of the largest output ire asks for is
/// well under a megabyte; a server that sends hundreds is broken or hostile, and reading it
/// all would take the memory of the machine.
pub const MAX_RESPONSE_BYTES: usize = 16 << 20;

/// Why an answer could not be read.
#[derive(Debug)]
enum Fetch {
    Http(reqwest::Error),
    TooLarge(usize),
}

/// Reads the body of `response`, up to `limit` bytes, and hands back a response that holds it:
/// the cap applies while reading (a declared `Content-Length` over it is refused at once), so a
/// huge or endless body never reaches memory whole.
async fn bounded(mut response: reqwest::Response, limit: usize) -> Result<reqwest::Response, Fetch> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(Fetch::TooLarge(limit));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Fetch::Http)? {
        if body.len() + chunk.len() > limit {
            return Err(Fetch::TooLarge(limit));
        }
        body.extend_from_slice(&chunk);
    }
    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = response.status();
    *rebuilt.version_mut() = response.version();
    *rebuilt.headers_mut() = std::mem::take(response.headers_mut());
    Ok(reqwest::Response::from(rebuilt))
}

/// `Retry-After` in seconds (the HTTP-date form is not used by the APIs ire talks to), capped
/// at a day before it becomes a `Duration`: a server that says `1e20` must not crash ire (the
/// wait itself is capped again by `max_backoff`).
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(|s| Duration::from_secs_f64(s.min(86_400.0)))
}

/// Exponential backoff from 250 ms, with up to 50 % random jitter so that parallel clients
/// do not retry in step.
pub fn backoff(attempt: u32) -> Duration {
    let base = 250.0 * 2f64.powi(i32::try_from(attempt.min(10)).unwrap_or(10));
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let jitter = 1.0 + f64::from(nanos % 1000) / 2000.0;
    Duration::from_secs_f64(base * jitter / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_jitters_within_bounds() {
        for attempt in 0..4 {
            let d = backoff(attempt).as_secs_f64();
            let base = 0.25 * 2f64.powi(i32::try_from(attempt).unwrap());
            assert!(d >= base && d <= base * 1.5, "{attempt}: {d}");
        }
    }

    #[test]
    fn retry_after_is_read_in_seconds() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::RETRY_AFTER, "2".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(2)));
        headers.insert(reqwest::header::RETRY_AFTER, "1e20".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(86_400)), "a huge wait is capped, not a panic");
        headers.insert(reqwest::header::RETRY_AFTER, "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap());
        assert_eq!(retry_after(&headers), None);
    }
}
