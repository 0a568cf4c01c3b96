//! The YAML reader's messages, said in Vietnamese for the people who write criteria sets.

/// The YAML reader's message said in Vietnamese, with what to do: a key that is not one of
/// the set's (and the key meant), a key missing, or a slip in the layout.
pub(super) fn yaml(msg: &str) -> String {
    // The position is given by the line of the problem already.
    let msg = msg.split(" at line ").next().unwrap_or(msg);
    let quoted = |m: &str| m.split('`').nth(1).map(str::to_string);
    if let (true, Some(key)) = (msg.starts_with("unknown field"), quoted(msg)) {
        let keys: Vec<&str> = msg
            .split("expected one of ")
            .nth(1)
            .unwrap_or("")
            .split(", ")
            .map(|k| k.trim_matches('`'))
            .filter(|k| !k.is_empty())
            .collect();
        let near = match crate::number::near_name(&key, keys.iter().copied()) {
            Some(near) => format!("; có phải là `{near}`?"),
            None => String::new(),
        };
        return format!(
            "khóa `{key}` không dùng được ở đây (các khóa: {}){near}",
            keys.join(", ")
        );
    }
    if let (true, Some(key)) = (msg.starts_with("missing field"), quoted(msg)) {
        return format!("thiếu khóa `{key}`");
    }
    if msg.contains("budget breached") || msg.contains("recursion limit") {
        return format!(
            "tệp YAML vượt giới hạn (bí danh mở rộng quá lớn, hoặc lồng quá sâu): {msg}"
        );
    }
    format!(
        "tệp YAML sai cú pháp ở đây (thường do thụt lề không đều, thiếu dấu hai chấm hoặc ngoặc chưa đóng): {msg}"
    )
}
