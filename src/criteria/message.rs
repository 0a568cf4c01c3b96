//! The YAML reader's messages, said in the language of the messages for the people who
//! write criteria sets.

use crate::lang::msg;

/// The YAML reader's message said in the language of the messages, with what to do: a key that is not one of
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
            Some(near) => msg!("; có phải là `{near}`?", "; did you mean `{near}`?"),
            None => String::new(),
        };
        return msg!(
            "khóa `{key}` không dùng được ở đây (các khóa: {}){near}",
            "the key `{key}` cannot be used here (the keys: {}){near}",
            keys.join(", ")
        );
    }
    if let (true, Some(key)) = (msg.starts_with("missing field"), quoted(msg)) {
        return msg!("thiếu khóa `{key}`", "the key `{key}` is missing");
    }
    if msg.contains("budget breached") || msg.contains("recursion limit") {
        return msg!(
            "tệp YAML vượt giới hạn (bí danh mở rộng quá lớn, hoặc lồng quá sâu); trình đọc YAML báo: {msg}",
            "the YAML file is past the limits (aliases expanding too far, or nesting too deep); the YAML reader says: {msg}"
        );
    }
    msg!(
        "tệp YAML sai cú pháp ở đây (thường do thụt lề không đều, thiếu dấu hai chấm hoặc ngoặc chưa đóng); trình đọc YAML báo: {msg}",
        "the YAML syntax is wrong here (often uneven indentation, a missing colon or an unclosed bracket); the YAML reader says: {msg}"
    )
}
