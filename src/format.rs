//! Dates and numbers in the browser's locale.

use wasm_bindgen::JsValue;

/// A calendar date, e.g. "Jan 15, 2027" in en-US, from an RFC 3339 time.
pub fn local_date(rfc3339: &str) -> String {
    medium_date(&js_sys::Date::new(&JsValue::from_str(rfc3339)))
}

/// A calendar date from milliseconds since the Unix epoch.
pub fn local_date_at(millis: i64) -> String {
    medium_date(&js_sys::Date::new(&JsValue::from_f64(millis as f64)))
}

fn medium_date(date: &js_sys::Date) -> String {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    date.to_locale_date_string("default", &options).into()
}

/// A date and time of day, e.g. "Jan 15, 2027, 8:00 AM" in en-US, from an RFC 3339 time.
pub fn local_date_time(rfc3339: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    date.to_locale_string("default", &options).into()
}

/// A count with the locale's digit grouping, e.g. "100,000".
pub fn count(n: i64) -> String {
    js_sys::Number::from(n as f64).to_locale_string("default").into()
}

/// A number of days: "1 day", "3 days".
pub fn days(n: i64) -> String {
    match n {
        1 => "1 day".to_owned(),
        n => format!("{n} days"),
    }
}

/// An amount in the browser's locale with its currency, e.g. "$1,290.00" or "1.290,00 €".
pub fn money(amount: &partner_center_domain::catalog::Money) -> String {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"style".into(), &"currency".into());
    let _ = js_sys::Reflect::set(&options, &"currency".into(), &amount.currency.code().into());
    let format = js_sys::Intl::NumberFormat::new(&js_sys::Array::new(), &options).format();
    // Minor units are cents or pence for every currency offered (two decimals).
    let value = JsValue::from_f64(amount.minor_units as f64 / 100.0);
    format.call1(&JsValue::NULL, &value).ok().and_then(|text| text.as_string()).unwrap_or_else(|| amount.plain())
}
