//! Integration tests: the real binary, run in a scratch folder.

mod appraisal;
mod compare;
mod errors;
mod exact;
mod example;
mod help;
mod hostile;
mod import;
mod inputs;
mod lang;
mod output;
mod props;
mod ranking;
mod report;
mod sheets;
mod util;

/// A small set whose arithmetic is easy to check by hand. Base maximum 10 (declared on the
/// first line, which keeps the lines of the rest); bonus up to 1.
pub const SET: &str = r#"max: 10
id: test-set
title: "Bộ thử"
places: 2
classes:
  default:
    - { min: 90, label: "Xuất sắc" }
    - { min: 70, label: "Khá" }
    - { min: 0, label: "Yếu" }
components:
  - id: "1"
    title: "Chỉ đạo, điều hành"
    owner: "Phòng Nội vụ"
    children:
      - id: "1.1"
        title: "Kế hoạch CCHC"
        max: 2
        rule: { kind: binary }
      - id: "1.2"
        title: "Tuyên truyền"
        max: 2
        rule: { kind: levels, levels: { xuat_sac: 1, tot: 0.75, hoan_thanh: 0.5, khong: 0 } }
  - id: "7"
    title: "Chính quyền số"
    owner: "Văn phòng HĐND và UBND"
    children:
      - id: "7.5"
        title: "Số hóa hồ sơ"
        max: 1.5
        rule: { kind: ratio, target: 60 }
      - id: "7.6"
        title: "Thanh toán trực tuyến"
        max: 1
        rule: { kind: bands, bands: [ { min: 100, points: 1 }, { min: 80, points: 0.5 } ] }
      - id: "7.7"
        title: "Sáng kiến"
        max: 1
        rule: { kind: count, per_item: 0.25 }
      - id: "7.8"
        title: "Hồ sơ trễ hạn"
        max: 1.5
        rule: { kind: deduction, per_item: 0.5 }
  - id: "9"
    title: "Khảo sát"
    max: 1
    rule: { kind: points }
  - id: "10"
    title: "Điểm thưởng"
    kind: bonus
    max: 1
    rule: { kind: points }
"#;

/// Bắc Sơn in the small set, worked by hand:
/// 1.1 có → 2; 1.2 tot → 0,75 × 2 = 1,5; component 1 = 3,5 / 4.
/// 7.5 1,5 × 12,58 ÷ 60 = 0,3145 → 0,31; 7.6 86,45 ≥ 80 → 0,5; 7.7 3 × 0,25 = 0,75;
/// 7.8 1,5 − 1 × 0,5 = 1; component 7 = 2,56 / 5.
/// 9 appraised 0,7 (self 1); base = 3,5 + 2,56 + 0,7 = 6,76 / 10; bonus 0,5;
/// total 7,26; index 72,60 (class Khá); self points 2+2+1,5+1+0,75+1,5+1 = 9,75.
pub const BAC_SON: &str = "criterion,value,self_score,appraised,evidence,note
1.1,có,2,,Kế hoạch 206/KH-UBND ngày 28/6/2023,
1.2,tot,2,,Báo cáo 512/BC-UBND,
7.5,\"12,58%\",1.5,,,
7.6,86.45,1,,,
7.7,3,0.75,,,
7.8,1,1.5,,,
9,0.8,1,0.7,,Hội đồng thẩm định điều chỉnh
10,0.5,,,,
";
