//! The OpenAPI description covers every route the router has, with its
//! body, its answer and its errors, and every schema it refers to exists.

use axum::http::{Method, StatusCode};
use drempel_server::api::{Access, ROUTES};
use drempel_server::auth::Limits;
use serde_json::Value;

mod common;
use common::http::Api;

/// Every `$ref` in `value`.
fn refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("$ref", Value::String(target)) => out.push(target),
                    _ => refs(inner, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| refs(i, out)),
        _ => {}
    }
}

#[tokio::test]
async fn every_route_is_described_with_its_types_and_errors() {
    let api = Api::new(common::sqlite().await, Limits::default());
    let answer = api
        .call(Method::GET, "/api/v1/openapi.json", None, Value::Null)
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    let doc = answer.body;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));

    let paths = doc["paths"].as_object().unwrap();
    let described: usize = paths
        .values()
        .map(|item| item.as_object().unwrap().len())
        .sum();
    assert_eq!(described, ROUTES.len(), "one operation per route, no more");
    for route in ROUTES {
        let what = format!("{} {}", route.method, route.path);
        let operation = &doc["paths"][route.path][route.method];
        assert!(operation.is_object(), "{what} is not described");
        let responses = operation["responses"].as_object().unwrap();
        assert!(
            responses.keys().any(|s| s.starts_with('2')),
            "{what} has no success answer"
        );
        assert!(responses.contains_key("500"), "{what}: internal error");
        let secured = operation["security"].as_array().unwrap().len() == 1;
        assert_eq!(secured, route.access != Access::Public, "{what}: security");
        if route.access != Access::Public {
            assert!(responses.contains_key("401"), "{what}: 401");
        }
        if route.access != Access::Public {
            let forbidden = responses["403"]["description"].as_str().unwrap();
            assert!(forbidden.contains("`forbidden`"), "{what}: {forbidden}");
        }
        for part in route.path.split('/').filter(|p| p.starts_with('{')) {
            let name = part.trim_matches(['{', '}']);
            let declared = operation["parameters"]
                .as_array()
                .is_some_and(|ps| ps.iter().any(|p| p["name"] == name && p["in"] == "path"));
            assert!(declared, "{what}: path parameter {name}");
        }
        if route.method == "post" || route.method == "put" {
            let has_body = operation.get("requestBody").is_some();
            let empty_post = route.path.ends_with("/logout")
                || route.path.ends_with("/revoke")
                || route.path.ends_with("/erase")
                || route.path.ends_with("/publish")
                || route.path.ends_with("/share")
                || route.path.ends_with("/unshare")
                // A mark set: the path says it all.
                || route.path.ends_with("/quotes/{id}/region");
            assert_eq!(has_body, !empty_post, "{what}: request body");
        }
    }

    // The types are the wire types: a push carries changes, a pull page a cursor.
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let push = &schemas["PushRequest"]["properties"];
    assert!(push["protocol"].is_object() && push["changes"].is_object());
    assert!(schemas["PullResponse"]["properties"]["next_cursor"].is_object());
    let pull = doc["paths"]["/api/v1/sync/pull"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let protocol = pull.iter().find(|p| p["name"] == "protocol").unwrap();
    assert_eq!(protocol["required"], true);
    let conflict = doc["paths"]["/api/v1/sync/push"]["post"]["responses"]["409"]["description"]
        .as_str()
        .unwrap();
    assert!(conflict.contains("`sequence_gap`"), "{conflict}");

    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    for target in all {
        let name = target
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("a reference outside the components: {target}"));
        assert!(schemas.contains_key(name), "{target} is not defined");
    }
}
