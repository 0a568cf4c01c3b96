//! The command line (SPEC §5). The help is written in Vietnamese in the doc comments below
//! (first line: the short help; the paragraph after it: the long help, as sharkdp/fd does);
//! [`command`] puts clap's own words (headings, `-h`, `-V`, defaults, possible values) in the
//! language asked for, and with `--lang en` every text in English from `en.rs`'s table
//! (`localize.rs`).

mod en;
mod localize;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::error::Error;
use crate::lang::{Lang, tr};
use crate::report::Format;

/// Chấm điểm Chỉ số CCHC (PAR INDEX): bộ tiêu chí YAML + số liệu tự đánh giá CSV → điểm, chỉ số, xếp hạng
///
/// Chấm điểm Chỉ số cải cách hành chính (Chỉ số CCHC, PAR INDEX) từ kết quả tự đánh giá: đọc
/// bộ tiêu chí (YAML) và số liệu tự đánh giá của từng đơn vị (CSV hoặc Excel), tính chính
/// xác, không làm tròn giữa chừng, điểm của từng tiêu chí thành phần, tiêu chí, lĩnh vực và
/// tổng điểm, xếp hạng các đơn vị trong nhóm của mình, rồi ghi kết quả thành bảng, CSV, JSON
/// hoặc Markdown.
///
/// Trợ giúp và thông báo bằng tiếng Việt; thêm --lang en (hoặc đặt biến môi trường
/// PARINDEX_LANG=en) để dùng tiếng Anh.
///
/// Mã thoát: 0 thành công, 1 dữ liệu đầu vào có lỗi, 2 dùng lệnh sai.
#[derive(Debug, Parser)]
#[command(name = "parindex", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Liệt kê mọi lỗi trong dữ liệu đầu vào (mặc định: 20 lỗi đầu của mỗi tệp, rồi số lỗi còn lại)
    ///
    /// Một tệp hỏng hoặc chọn nhầm có thể chứa hàng triệu lỗi: mặc định mỗi tệp chỉ liệt kê
    /// 20 lỗi đầu tiên, rồi số lỗi còn lại của tệp, và tổng số lỗi theo từng tệp. Với
    /// `--errors all`, liệt kê tất cả.
    #[arg(long, global = true, value_enum, default_value_t = Errors::First)]
    pub errors: Errors,
    /// Liệt kê mọi tiêu chí chưa có số liệu (mặc định: 20 cảnh báo đầu, rồi số còn lại)
    ///
    /// Một đợt chấm lớn có thể có tiêu chí chưa có số liệu ở mọi đơn vị: mặc định chỉ in 20
    /// cảnh báo đầu tiên loại này, rồi số cảnh báo còn lại; các cảnh báo khác đều được in.
    /// Với `--warnings all`, in tất cả.
    #[arg(long, global = true, value_enum, default_value_t = Errors::First)]
    pub warnings: Errors,
    /// Ngôn ngữ: vi (tiếng Việt) hoặc en (tiếng Anh)
    ///
    /// Ngôn ngữ của trợ giúp, của các thông báo lỗi và cảnh báo, và của nhãn trong báo cáo
    /// cho người đọc. vi (mặc định): tiếng Việt, dấu phẩy thập phân (89,45); en: tiếng Anh,
    /// dấu chấm thập phân (89.45). Không có --lang thì theo biến môi trường PARINDEX_LANG (vi
    /// hoặc en), nếu có. Dữ liệu lấy từ đầu vào (tên đơn vị, nội dung tiêu chí, xếp loại, ghi
    /// chú) giữ nguyên như đã viết. Những gì chương trình khác đọc không đổi: tên trường và
    /// `kind` của JSON, tên cột của tệp CSV ra.
    #[arg(long, global = true, value_enum, value_name = "LANG", default_value_t = Lang::Vi)]
    pub lang: Lang,
}

/// Reads the command line, with its help and its mistakes in the language asked for (the
/// last `--lang`, else `PARINDEX_LANG`, else Vietnamese), which becomes the language of the
/// messages. A mistake is a usage error (exit 2) that says what is wrong, the name meant
/// when one is near, and how to use the command; `--help` and `--version` print and exit 0.
pub fn parse() -> Result<Cli, Error> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = asked(&args).unwrap_or_else(|| from_env(Lang::Vi).unwrap_or_default());
    crate::lang::set_messages(lang);
    let cli = parse_from(args)?;
    crate::lang::set_messages(cli.lang);
    Ok(cli)
}

/// [`parse`], of these arguments (the first one is the program's name), without choosing
/// the language of the messages.
pub fn parse_from(args: impl IntoIterator<Item = impl Into<OsString>>) -> Result<Cli, Error> {
    use clap::error::ErrorKind as K;
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let asked = asked(&args);
    let default = from_env(asked.unwrap_or_default())?;
    let lang = asked.unwrap_or(default);
    let mut command = command_with(lang, default);
    let matches = command.try_get_matches_from_mut(args);
    match matches.and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => Ok(cli),
        Err(e) => match e.kind() {
            K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand => {
                e.exit()
            }
            _ => Err(Error::Usage(usage(&e, lang))),
        },
    }
}

/// The language the command line asks for: the value of its last `--lang`, if it is one.
fn asked(args: &[OsString]) -> Option<Lang> {
    let mut lang = None;
    let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        let value = match arg.as_ref() {
            "--" => break,
            "--lang" => args.next().map(|v| v.into_owned()),
            a => a.strip_prefix("--lang=").map(str::to_string),
        };
        match value.as_deref() {
            Some("vi") => lang = Some(Lang::Vi),
            Some("en") => lang = Some(Lang::En),
            _ => {}
        }
    }
    lang
}

/// The language of `PARINDEX_LANG` (`vi` or `en`, any case): the default of `--lang`. A
/// wrong value is said in `lang`.
fn from_env(lang: Lang) -> Result<Lang, Error> {
    let value = std::env::var_os("PARINDEX_LANG").unwrap_or_default();
    match value.to_string_lossy().trim().to_ascii_lowercase().as_str() {
        "" | "vi" => Ok(Lang::Vi),
        "en" => Ok(Lang::En),
        other => Err(Error::Usage(tr!(
            lang,
            "biến môi trường PARINDEX_LANG={other} không dùng được: hãy đặt vi hoặc en, hoặc bỏ biến này",
            "the environment variable PARINDEX_LANG={other} is not usable: set it to vi or en, or unset it"
        ))),
    }
}

/// The command line with its help in `lang` (`PARINDEX_LANG` giving the default of --lang):
/// for `--help`, the manual page and the shell completions.
pub fn command(lang: Lang) -> clap::Command {
    command_with(lang, from_env(lang).unwrap_or_default())
}

fn command_with(lang: Lang, default: Lang) -> clap::Command {
    let mut command = Cli::command();
    if default == Lang::En {
        command = default_lang(command);
    }
    // Built first, so that clap's own -h, -V and `help` are there to be said in `lang`.
    command.build();
    localize::localize(command, lang, "")
}

/// Every `--lang` defaults to English.
fn default_lang(command: clap::Command) -> clap::Command {
    command
        .mut_args(|a| match a.get_id().as_str() {
            "lang" => a.default_value("en"),
            _ => a,
        })
        .mut_subcommands(default_lang)
}

/// A command-line mistake in `lang`: what is wrong, the name meant,
/// how to use the command.
fn usage(e: &clap::Error, lang: Lang) -> String {
    use clap::error::{ContextKind as C, ContextValue, ErrorKind as K};
    let get = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let meant = |kind| {
        let near = get(kind);
        if near.is_empty() {
            String::new()
        } else {
            tr!(
                lang,
                "; có phải là {}?",
                "; did you mean {}?",
                near.replace(", ", lang.pick(" hoặc ", " or "))
            )
        }
    };
    let (arg, value) = (get(C::InvalidArg), get(C::InvalidValue));
    let what = match e.kind() {
        K::InvalidSubcommand => tr!(
            lang,
            "không có lệnh {}{}",
            "there is no command {}{}",
            get(C::InvalidSubcommand),
            meant(C::SuggestedSubcommand)
        ),
        K::UnknownArgument => tr!(
            lang,
            "không có tùy chọn {arg}{}",
            "there is no option {arg}{}",
            meant(C::SuggestedArg)
        ),
        K::InvalidValue if value.is_empty() => {
            tr!(lang, "{arg} cần một giá trị", "{arg} needs a value")
        }
        K::InvalidValue => tr!(
            lang,
            "giá trị \"{value}\" không dùng được cho {arg} (các giá trị: {}){}",
            "the value \"{value}\" cannot be used for {arg} (the values: {}){}",
            get(C::ValidValue),
            meant(C::SuggestedValue)
        ),
        K::MissingRequiredArgument => tr!(lang, "thiếu {arg}", "{arg} is missing"),
        K::MissingSubcommand => tr!(lang, "thiếu lệnh", "a command is missing"),
        K::ArgumentConflict => tr!(
            lang,
            "{arg} không dùng cùng {}",
            "{arg} cannot be used with {}",
            get(C::PriorArg)
        ),
        K::ValueValidation => tr!(
            lang,
            "giá trị \"{value}\" không dùng được cho {arg}",
            "the value \"{value}\" cannot be used for {arg}"
        ),
        K::TooManyValues | K::TooFewValues | K::WrongNumberOfValues => {
            tr!(
                lang,
                "{arg}: số giá trị không đúng",
                "{arg}: wrong number of values"
            )
        }
        K::InvalidUtf8 => tr!(
            lang,
            "dòng lệnh có ký tự không phải UTF-8",
            "the command line has characters that are not UTF-8"
        ),
        // The other kinds do not arise from this command line; clap's words then.
        _ => e
            .to_string()
            .trim_start_matches("error: ")
            .trim()
            .to_string(),
    };
    let usage = get(C::Usage);
    let usage = usage.trim();
    let usage = usage.split_once(':').map_or(usage, |(_, u)| u).trim();
    if usage.is_empty() {
        tr!(
            lang,
            "{what}\n(xem parindex --help)",
            "{what}\n(see parindex --help)"
        )
    } else {
        tr!(
            lang,
            "{what}\ncách dùng: {usage}\n(xem thêm: thêm --help sau tên lệnh)",
            "{what}\nusage: {usage}\n(for more, add --help after the command's name)"
        )
    }
}

/// How many problems (of each file) or warnings to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Errors {
    /// 20 mục đầu tiên, rồi số còn lại
    First,
    /// Tất cả
    All,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Kiểm tra bộ tiêu chí, danh sách đơn vị và số liệu; không in gì khi không có lỗi
    Check(CheckArgs),
    /// Hiển thị cây tiêu chí với điểm tối đa, cơ quan phụ trách và cách tính điểm
    Tree(TreeArgs),
    /// Chấm điểm mọi đơn vị và xếp hạng trong từng nhóm
    Score(ScoreArgs),
    /// Giải thích cách tính điểm của một đơn vị, từng tiêu chí; -o ghi phiếu kết quả của đơn vị
    Explain(ExplainArgs),
    /// Tạo biểu mẫu tự đánh giá trống (CSV) cho từng đơn vị
    Template(TemplateArgs),
    /// So sánh điểm tự chấm với điểm thẩm định: theo đơn vị và từng tiêu chí có chênh lệch
    Appraisal(AppraisalArgs),
    /// Liệt kê các tiêu chí chưa đạt điểm tối đa, theo cơ quan phụ trách, mất nhiều điểm nhất trước
    Gaps(AppraisalArgs),
    /// So sánh hai kỳ: thay đổi chỉ số, hạng, xếp loại và các tiêu chí dẫn đến thay đổi đó
    Compare(CompareArgs),
    /// Chỉ số qua các kỳ: mỗi đơn vị một dòng, mỗi kỳ một cột
    Trend(TrendArgs),
    /// In tập lệnh tự hoàn thành cho shell (bash, zsh, fish, elvish, powershell)
    Completions(CompletionsArgs),
    /// In trang hướng dẫn (man, roff): parindex man > parindex.1, parindex man score > parindex-score.1
    Man(ManArgs),
    /// Ghi báo cáo cho người đọc: tệp Excel, trang HTML có biểu đồ (in A4) hoặc Markdown;
    /// --per-unit ghi thêm phiếu kết quả của từng đơn vị
    Report(ReportArgs),
    /// Nhập bộ tiêu chí từ bảng chính thức (phụ lục), hoặc ghi bộ tiêu chí ra thành bảng
    #[command(subcommand)]
    Criteria(CriteriaCommand),
}

/// `criteria import` and `criteria export` (SPEC §6).
#[derive(Debug, Subcommand)]
pub enum CriteriaCommand {
    /// Đọc bảng tiêu chí chính thức (.xlsx hoặc .csv) thành bộ tiêu chí (YAML)
    Import(ImportArgs),
    /// Ghi bộ tiêu chí thành bảng (.xlsx hoặc .csv) theo mẫu phụ lục chính thức
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Bảng tiêu chí: phụ lục của quyết định, dạng .xlsx hoặc .csv
    ///
    /// Các dòng tiêu đề phía trên dòng tên cột được bỏ qua. Dòng tên cột được nhận ra theo
    /// tên (có hoặc không dấu, chữ hoa hay thường): STT/TT/Mã, Nội dung/Tiêu chí, Điểm tối
    /// đa/Điểm chuẩn, và nếu có: Phương pháp chấm, Tài liệu kiểm chứng, Cơ quan phụ trách. Các
    /// dòng đánh số 1, 1.1, 1.1.1 (I, II cho lĩnh vực) tạo thành cây tiêu chí; các dòng dưới
    /// một tiêu chí bắt đầu bằng -, + hoặc • và có điểm là các mức điểm của tiêu chí đó, từ
    /// đó suy ra cách tính điểm.
    #[arg(value_name = "TABLE")]
    pub table: PathBuf,
    /// Tệp bộ tiêu chí sẽ ghi ra (.yaml)
    ///
    /// Chỉ ghi khi bảng không có lỗi, ghi trọn vẹn một lần; mỗi mục có chú thích ghi dòng
    /// tương ứng của bảng. Tệp đã có chỉ bị thay khi có --force.
    #[arg(short = 'o', long, value_name = "SET.yaml")]
    pub output: PathBuf,
    /// Trang tính chứa bảng (không có thì dùng trang tính đầu tiên của tệp Excel)
    ///
    /// Tên trên thẻ trang tính, so khớp đúng như viết hoặc không phân biệt hoa thường và dấu.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Mã của bộ tiêu chí, ghi vào mọi kết quả (mặc định: tên tệp ra)
    ///
    /// Một mã cố định như xa-2025: kết quả của các kỳ chấm bằng cùng bộ tiêu chí mang cùng
    /// mã, nhờ đó so sánh được với nhau.
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// Tên của bộ tiêu chí (mặc định: dòng tiêu đề của bảng)
    ///
    /// Khi không có tùy chọn này, tên là dòng đầu tiên phía trên dòng tên cột có nhắc đến chỉ
    /// số hoặc bộ tiêu chí ("Bộ chỉ số…"), nếu không có thì là dòng đầu tiên.
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,
    /// Ghi đè tệp -o nếu đã có
    ///
    /// Không có tùy chọn này thì tệp bộ tiêu chí đã có (có thể đã được sửa tay) không bao giờ
    /// bị thay.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub criteria: CriteriaArg,
    /// Bảng sẽ ghi ra: TABLE.xlsx hoặc TABLE.csv
    ///
    /// Định dạng theo phần mở rộng: .xlsx, tệp Excel với số lưu dạng số; .csv, cho Excel
    /// tiếng Việt (UTF-8 có BOM, dấu chấm phẩy, dấu phẩy thập phân). Tệp được ghi trọn vẹn
    /// một lần; không bao giờ ghi đè tệp đầu vào.
    #[arg(short = 'o', long, value_name = "TABLE")]
    pub output: PathBuf,
    /// Ghi đè tệp -o nếu đã có
    ///
    /// Không có tùy chọn này thì tệp đã có không bao giờ bị thay.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CriteriaArg {
    /// Tệp bộ tiêu chí (YAML)
    ///
    /// Cây tiêu chí dạng YAML: các lĩnh vực, tiêu chí và tiêu chí thành phần với điểm tối đa,
    /// cơ quan phụ trách và cách tính điểm (xem criteria/langson-huyen-2023.yaml).
    #[arg(short = 'c', long, value_name = "CRITERIA.yaml")]
    pub criteria: PathBuf,
}

#[derive(Debug, Args)]
pub struct UnitsArg {
    /// Tệp danh sách đơn vị (id,name,group)
    ///
    /// Tệp CSV hoặc .xlsx có các cột id (mã), name (tên) và group (nhóm); các cột khác được
    /// bỏ qua. Không có tùy chọn này thì dùng units.csv (hoặc units.xlsx) trong thư mục số
    /// liệu; không có cả tệp đó thì các đơn vị là các mã gặp trong số liệu, tất cả thuộc nhóm
    /// "all".
    #[arg(short = 'u', long, value_name = "UNITS.csv")]
    pub units: Option<PathBuf>,
}

/// What `check` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub criteria: CriteriaArg,
    #[command(flatten)]
    pub units: UnitsArg,
    /// Coi tiêu chí chưa có số liệu là lỗi
    ///
    /// Tiêu chí không có dòng số liệu hoặc để trống giá trị bình thường được 0 điểm kèm cảnh
    /// báo; với --strict, đó là lỗi và mã thoát là 1.
    #[arg(long)]
    pub strict: bool,
    /// Định dạng ra: text, hoặc json cho các chương trình
    ///
    /// text: lỗi và cảnh báo in ra luồng lỗi chuẩn (stderr), và trên màn hình thêm một dòng
    /// tóm tắt ("11 đơn vị, 0 lỗi, 4 cảnh báo"); khi chuyển qua đường ống (pipe) mà không có
    /// gì sai thì không in gì. json: mọi lỗi và cảnh báo, không bỏ sót, in ra đầu ra chuẩn
    /// thành một tài liệu {"units", "errors", "warnings", "problems": [{"file", "line",
    /// "unit", "criterion", "kind", "message"}]}; có lỗi thì mã thoát là 1, như với text.
    #[arg(short = 'f', long, value_enum, default_value = "text")]
    pub format: CheckFormat,
    /// Các tệp hoặc thư mục số liệu (CSV, Excel); không bắt buộc với check
    ///
    /// Mỗi đơn vị một tệp CSV (tên tệp = mã đơn vị), hoặc một tệp CSV dài có cột `unit`; tệp
    /// Excel (.xlsx) cũng được. Một thư mục nghĩa là mọi tệp .csv và .xlsx nằm ngay trong đó,
    /// trừ units.csv / units.xlsx.
    #[arg(value_name = "EVIDENCE")]
    pub evidence: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TreeArgs {
    #[command(flatten)]
    pub criteria: CriteriaArg,
    #[command(flatten)]
    pub lang: LangArg,
}

/// `--lang` where a command has labels for people; the same flag as [`Cli::lang`], whose
/// value it takes when given before the command's name.
#[derive(Debug, Args)]
pub struct LangArg {
    /// Ngôn ngữ: vi (tiếng Việt) hoặc en (tiếng Anh)
    ///
    /// Ngôn ngữ của trợ giúp, của các thông báo lỗi và cảnh báo, và của nhãn trong báo cáo
    /// cho người đọc. vi (mặc định): tiếng Việt, dấu phẩy thập phân (89,45); en: tiếng Anh,
    /// dấu chấm thập phân (89.45). Không có --lang thì theo biến môi trường PARINDEX_LANG (vi
    /// hoặc en), nếu có. Dữ liệu lấy từ đầu vào (tên đơn vị, nội dung tiêu chí, xếp loại, ghi
    /// chú) giữ nguyên như đã viết. Những gì chương trình khác đọc không đổi: tên trường và
    /// `kind` của JSON, tên cột của tệp CSV ra.
    #[arg(long, value_enum, value_name = "LANG", default_value_t = Lang::Vi)]
    pub lang: Lang,
}

/// The inputs of every command that scores: criteria, units, evidence, period.
#[derive(Debug, Args)]
pub struct Inputs {
    #[command(flatten)]
    pub criteria: CriteriaArg,
    #[command(flatten)]
    pub units: UnitsArg,
    /// Nhãn kỳ đánh giá, ví dụ 2023-9T hoặc 2024-Q3
    ///
    /// Nhãn tự đặt cho kỳ được chấm (6 tháng, 9 tháng, một quý, cả năm), hiện ở các tiêu đề
    /// và ghi vào kết quả JSON để so sánh được các kỳ với nhau.
    #[arg(long, value_name = "LABEL")]
    pub period: Option<String>,
    /// Các tệp hoặc thư mục số liệu (CSV, Excel)
    ///
    /// Mỗi đơn vị một tệp CSV (tên tệp = mã đơn vị), hoặc một tệp CSV dài có cột `unit`; tệp
    /// Excel (.xlsx, trang tính đầu tiên, cùng các cột) cũng được. Một thư mục nghĩa là mọi
    /// tệp .csv và .xlsx nằm ngay trong đó, trừ units.csv / units.xlsx (đọc là tệp đơn vị).
    #[arg(value_name = "EVIDENCE", required = true)]
    pub evidence: Vec<PathBuf>,
}

/// Where and how a report is written.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Định dạng ra: table, csv, json hoặc md
    ///
    /// table: bảng để xem trên màn hình (dấu phẩy thập phân); csv: một bảng phẳng cho các
    /// chương trình và Excel (dấu chấm thập phân); json: toàn bộ kết quả cho chương trình
    /// khác; md: bảng Markdown để dán vào báo cáo. Mặc định: theo phần mở rộng của tệp -o,
    /// nếu không thì table.
    #[arg(short = 'f', long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Ghi ra tệp FILE thay vì đầu ra chuẩn
    ///
    /// Khi không có -f, định dạng theo phần mở rộng (.json, .csv, .md, .txt). Tệp được ghi
    /// trọn vẹn một lần (ghi ra tệp tạm rồi đổi tên) và không bao giờ ghi đè tệp đầu vào.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Ghi đè tệp -o nếu đã có
    ///
    /// Không có tùy chọn này thì tệp đã có không bao giờ bị thay (có thể đó là kết quả quý
    /// trước, hoặc tệp của người khác). Tệp đầu vào không bao giờ bị thay, kể cả với --force.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub lang: LangArg,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Chỉ hiện các đơn vị của nhóm này
    ///
    /// Hạng vẫn tính trong từng nhóm; tùy chọn này chỉ lọc những gì được ghi ra. Nhóm không
    /// có đơn vị nào là lỗi dùng lệnh.
    #[arg(long, value_name = "GROUP")]
    pub group: Option<String>,
    /// Coi tiêu chí chưa có số liệu là lỗi
    ///
    /// Tiêu chí không có dòng số liệu hoặc để trống giá trị bình thường được 0 điểm kèm cảnh
    /// báo; với --strict, đó là lỗi, không ghi gì và mã thoát là 1.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Đơn vị cần giải thích (mã đơn vị)
    ///
    /// Mọi tiêu chí của đơn vị này được trình bày với giá trị đã nhập, cách tính điểm bằng
    /// lời, số điểm, trạng thái, điểm tự chấm, tài liệu kiểm chứng và ghi chú, kèm các tổng
    /// điểm.
    #[arg(long, value_name = "ID")]
    pub unit: String,
    /// Ghi phiếu kết quả của đơn vị ra tệp FILE (.xlsx, .html hoặc .md)
    ///
    /// Phiếu kết quả chấm điểm để in khổ A4 hoặc gửi đơn vị: tổng điểm, chỉ số, hạng và xếp
    /// loại, điểm từng lĩnh vực, rồi từng tiêu chí với giá trị, cách tính, diễn giải, số
    /// điểm, điểm tự chấm, điểm thẩm định, tài liệu kiểm chứng và ghi chú. Định dạng theo
    /// phần mở rộng: .xlsx (một trang tính, số lưu dạng số), .html (một trang độc lập) hoặc
    /// .md. Tệp được ghi trọn vẹn một lần và không bao giờ ghi đè tệp đầu vào. Không có -o
    /// thì phần giải thích in ra màn hình.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Ghi đè tệp -o nếu đã có
    ///
    /// Không có tùy chọn này thì tệp đã có không bao giờ bị thay. Tệp đầu vào không bao giờ
    /// bị thay, kể cả với --force.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub lang: LangArg,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    #[command(flatten)]
    pub criteria: CriteriaArg,
    /// Tệp danh sách đơn vị (id,name,group): mỗi đơn vị một biểu mẫu
    ///
    /// Mỗi đơn vị được một tệp DIR/ID.csv. Mã đơn vị không dùng làm tên tệp an toàn được
    /// (../x, a/b, CON, …) bị từ chối và không ghi tệp nào.
    #[arg(short = 'u', long, value_name = "UNITS.csv")]
    pub units: PathBuf,
    /// Thư mục ghi biểu mẫu (tạo mới nếu chưa có)
    ///
    /// Biểu mẫu là tệp CSV cho Excel tiếng Việt: UTF-8 có BOM, dấu chấm phẩy, dấu phẩy thập
    /// phân. Khi các đơn vị điền xong gửi lại, thư mục này là số liệu cho score, appraisal
    /// và gaps.
    #[arg(short = 'o', long, value_name = "DIR")]
    pub output: PathBuf,
    /// Ghi đè các biểu mẫu đã có
    ///
    /// Không có tùy chọn này thì biểu mẫu đã có (có thể đã được điền) không bao giờ bị thay
    /// và không ghi tệp nào.
    #[arg(long)]
    pub force: bool,
    /// Ghi biểu mẫu thành tệp Excel (.xlsx) thay vì CSV
    ///
    /// Mỗi biểu mẫu là một trang tính: nội dung, điểm tối đa, cách tính điểm và cơ quan phụ
    /// trách của từng tiêu chí bị khóa; các cột đơn vị điền (value, giữ dạng văn bản,
    /// self_score, evidence, note) được mở khóa; cột appraised vẫn khóa, dành cho cơ quan
    /// thẩm định (Review → Unprotect Sheet, không có mật khẩu). Khi các đơn vị điền xong gửi
    /// lại, thư mục các tệp Excel dùng làm số liệu như vậy luôn.
    #[arg(long)]
    pub xlsx: bool,
    /// Ngôn ngữ của các cột mô tả trong biểu mẫu, và của thông báo: vi hoặc en
    ///
    /// vi (mặc định): các cột mô tả tiêu chí tên là noi_dung, diem_toi_da, cach_tinh_diem,
    /// co_quan_phu_trach, cách tính điểm viết bằng tiếng Việt, điểm tối đa có dấu phẩy thập
    /// phân; en: title, max, rule, owner, cách tính điểm bằng tiếng Anh, dấu chấm thập phân,
    /// và tên trang tính tiếng Anh trong tệp Excel. Các cột đơn vị điền giữ nguyên tên
    /// (criterion, value, self_score, appraised, evidence, note), và biểu mẫu được đọc lại
    /// như nhau với cả hai ngôn ngữ. Trợ giúp và thông báo cũng theo ngôn ngữ này.
    #[arg(long, value_enum, value_name = "LANG", default_value_t = Lang::Vi)]
    pub lang: Lang,
}

#[derive(Debug, Args)]
pub struct AppraisalArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Chỉ đơn vị này (mã đơn vị); không có thì mọi đơn vị
    ///
    /// Các đơn vị khác vẫn được chấm, nên hạng vẫn như trong `score`.
    #[arg(long, value_name = "ID")]
    pub unit: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Kết quả kỳ trước (ghi bằng `score -f json -o FILE`)
    ///
    /// Kết quả JSON của `parindex score`, mang theo bộ tiêu chí, nhãn kỳ (--period) và mọi
    /// tiêu chí.
    #[arg(value_name = "BEFORE.json")]
    pub before: PathBuf,
    /// Kết quả kỳ sau (ghi bằng `score -f json -o FILE`)
    #[arg(value_name = "AFTER.json")]
    pub after: PathBuf,
    /// Ánh xạ đơn vị được hợp nhất hoặc đổi tên: tệp CSV before_id,after_id
    ///
    /// Cho phép nhiều đơn vị cũ ứng với một đơn vị mới (các xã hợp nhất năm 2025): mỗi đơn vị
    /// cũ được đặt cạnh đơn vị mới, không lấy bình quân. Đơn vị chỉ có ở một kỳ được liệt kê
    /// là mới hoặc không còn.
    #[arg(long, value_name = "MAP.csv")]
    pub map: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct TrendArgs {
    /// Các tệp kết quả ghi bằng `score -f json -o FILE`, thứ tự bất kỳ
    ///
    /// Các tệp được xếp theo nhãn kỳ (2023-6T, 2023-9T, 2023, 2024-Q1…; số trong nhãn được so
    /// sánh như số).
    #[arg(value_name = "RESULT.json", required = true)]
    pub results: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Tệp báo cáo: FILE.xlsx, FILE.html hoặc FILE.md
    ///
    /// Định dạng theo phần mở rộng. .xlsx: tệp Excel (xếp hạng, điểm và chỉ số từng lĩnh
    /// vực, mọi tiêu chí, điểm mất theo cơ quan phụ trách, điểm tự chấm so với điểm thẩm
    /// định) với số lưu dạng số; .html: một trang độc lập có bảng xếp hạng và biểu đồ, mở
    /// bằng trình duyệt hoặc in khổ A4; .md: bảng xếp hạng dạng Markdown. Tệp được ghi trọn
    /// vẹn một lần và không bao giờ ghi đè tệp đầu vào. Bắt buộc, trừ khi có --per-unit.
    #[arg(
        short = 'o',
        long,
        value_name = "FILE",
        required_unless_present = "per_unit"
    )]
    pub output: Option<PathBuf>,
    /// Ghi thêm phiếu kết quả của từng đơn vị vào thư mục DIR, mỗi đơn vị một tệp
    ///
    /// DIR/ID.xlsx (hoặc .html, .md) cho từng đơn vị, đặt tên theo mã đơn vị: phiếu kết quả
    /// chấm điểm như `explain -o` ghi, để in hoặc gửi đơn vị. Thư mục DIR được tạo nếu chưa
    /// có; mã đơn vị không dùng làm tên tệp an toàn được bị từ chối, và không ghi gì nếu đã
    /// có một phiếu, trừ khi có --force.
    #[arg(long, value_name = "DIR")]
    pub per_unit: Option<PathBuf>,
    /// Định dạng của các phiếu --per-unit: xlsx, html hoặc md
    ///
    /// Mặc định: định dạng của tệp -o, nếu không thì xlsx.
    #[arg(long, value_enum, value_name = "FORMAT", requires = "per_unit")]
    pub format: Option<crate::report::Paper>,
    /// Ghi đè tệp -o hoặc các phiếu --per-unit nếu đã có
    ///
    /// Không có tùy chọn này thì tệp đã có không bao giờ bị thay. Tệp đầu vào không bao giờ
    /// bị thay, kể cả với --force.
    #[arg(long)]
    pub force: bool,
    /// Một kết quả kỳ trước để thể hiện thay đổi của từng đơn vị (chỉ cho HTML)
    ///
    /// Kết quả JSON ghi bằng `score -f json -o FILE` của một kỳ trước: báo cáo HTML thêm biểu
    /// đồ thay đổi chỉ số của từng đơn vị, các đơn vị khớp theo mã.
    #[arg(long, value_name = "BEFORE.json")]
    pub compare: Option<PathBuf>,
    #[command(flatten)]
    pub lang: LangArg,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Loại shell: bash, zsh, fish, elvish hoặc powershell
    ///
    /// Với bash: `parindex completions bash > ~/.local/share/bash-completion/completions/parindex`.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Trang riêng của một lệnh (các tùy chọn của lệnh), ví dụ score; không có thì trang chính
    ///
    /// Trang chính liệt kê các lệnh; trang của mỗi lệnh liệt kê các tùy chọn của lệnh đó.
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_before_the_command_reaches_the_command() {
        let args = ["parindex", "--lang", "en", "score", "-c", "set.yaml", "ev"];
        let cli = parse_from(args).expect("parses");
        assert_eq!(cli.lang, Lang::En);
        let Command::Score(a) = cli.command else {
            panic!("score")
        };
        assert_eq!(a.output.lang.lang, Lang::En);
        let args = ["parindex", "tree", "-c", "set.yaml", "--lang=en"];
        assert_eq!(parse_from(args).expect("parses").lang, Lang::En);
    }
}
