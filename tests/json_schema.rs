//! The JSON Schema rendered from the DTO tables (used by the benchmark's ajv peer).
#![cfg(not(target_arch = "wasm32"))]

use enmeshed_events::json_schema;
use enmeshed_events::DataType;
use serde_json::Value;

fn definition<'a>(schema: &'a Value, name: &str) -> &'a Value {
    &schema["definitions"][name]
}

#[test]
fn message_dto_requires_its_fields_and_checks_id_prefixes_and_dates() {
    let schema = json_schema(DataType::Message);
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(schema["$ref"], "#/definitions/MessageDTO");
    let message = definition(&schema, "MessageDTO");
    let required: Vec<&str> = message["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        required,
        [
            "id",
            "isOwn",
            "content",
            "createdBy",
            "createdByDevice",
            "recipients",
            "createdAt",
            "attachments"
        ]
    );
    let properties = &message["properties"];
    assert_eq!(properties["id"]["pattern"], "^MSG");
    assert_eq!(properties["attachments"]["items"]["pattern"], "^FIL");
    assert!(properties["createdAt"]["pattern"]
        .as_str()
        .unwrap()
        .starts_with("^[0-9]{4}-"));
    assert!(properties.get("wasReadAt").is_some());
    // Unknown fields stay allowed.
    assert!(message.get("additionalProperties").is_none());
}

#[test]
fn unions_dispatch_on_their_tag_and_recursion_goes_through_refs() {
    let schema = json_schema(DataType::Message);
    let content = definition(&schema, "_type_union_Mail");
    assert_eq!(content["properties"]["@type"]["type"], "string");
    assert_eq!(content["if"]["properties"]["@type"]["const"], "Mail");
    assert_eq!(content["then"]["$ref"], "#/definitions/Mail");
    // Request items contain request items.
    let request = definition(&schema, "Request");
    let item_ref = request["properties"]["items"]["items"]["$ref"]
        .as_str()
        .unwrap();
    let group = definition(&schema, "RequestItemGroup");
    assert_eq!(group["properties"]["items"]["items"]["$ref"], item_ref);
    // Every $ref points at a definition.
    fn refs(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    out.push(r.clone());
                }
                map.values().for_each(|v| refs(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(&schema, &mut all);
    for r in all {
        let name = r.strip_prefix("#/definitions/").unwrap();
        assert!(schema["definitions"].get(name).is_some(), "{r}");
        assert!(!schema["definitions"][name].is_null(), "{r}");
    }
}

#[test]
fn enums_true_flags_one_of_and_closed_unions() {
    let schema = json_schema(DataType::RelationshipTemplateProcessed);
    let template = definition(&schema, "RelationshipTemplateDTO");
    assert_eq!(
        template["anyOf"],
        serde_json::json!([{ "required": ["reference"] }, { "required": ["truncatedReference"] }])
    );
    let password = definition(&schema, "PasswordProtectionDTO");
    assert_eq!(password["properties"]["passwordIsPin"]["const"], true);
    let text = serde_json::to_string(&schema).unwrap();
    assert!(text.contains(r#""enum":["RequestAutomaticallyDecided","ManualRequestDecisionRequired","NonCompletedRequestExists","RelationshipExists","NoRequest","Error","RequestExpired"]"#));

    let schema = json_schema(DataType::RequestStatusChanged);
    let changed = definition(&schema, "RequestStatusChangedEventData");
    assert_eq!(changed["properties"]["newStatus"]["enum"][0], "Draft");
    assert_eq!(json_schema(DataType::None)["maxProperties"], 0);
    assert!(json_schema(DataType::Any).get("type").is_none());
}
