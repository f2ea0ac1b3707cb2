//! The loaded catalogs: one Fluent bundle per language, its plain messages formatted once, and
//! the variables each message takes (for `dra i18n check`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::{LazyLock, RwLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;

/// A value for a message's variable.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Number(f64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}
macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Number(n as f64)
            }
        }
    )*};
}
number_arg!(usize, u32, u64, i32, i64, f64);

/// A catalog that could not be loaded: its file, the line, and what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{file}:{line}: {message}")]
    Syntax { file: String, line: usize, message: String },
    #[error("{file}: {message}")]
    File { file: String, message: String },
}

pub(super) struct Catalog {
    pub file: String,
    bundle: FluentBundle<FluentResource>,
    plain: HashMap<String, &'static str>,
    /// Every message id, with the variables its value and attributes use.
    pub vars: BTreeMap<String, BTreeSet<String>>,
    fallback: Option<String>,
}

pub(super) struct Store {
    pub catalogs: BTreeMap<String, Catalog>,
}

static STORE: LazyLock<RwLock<Store>> = LazyLock::new(|| {
    let mut catalogs = BTreeMap::new();
    for (lang, text) in super::BUILT_IN {
        match build(lang, &format!("locales/{lang}.ftl"), text) {
            Ok(c) => {
                catalogs.insert(lang.to_string(), c);
            }
            Err(e) => tracing::error!(error = %e, "built-in catalog"),
        }
    }
    RwLock::new(Store { catalogs })
});

pub(super) fn with_store<R>(f: impl FnOnce(&Store) -> R) -> R {
    let guard = STORE.read().unwrap_or_else(|e| e.into_inner());
    f(&guard)
}

fn build(lang: &str, file: &str, text: &str) -> Result<Catalog, LoadError> {
    let resource = FluentResource::try_new(text.to_string()).map_err(|(_, errors)| {
        let first = errors.first();
        // The broken entry's first line (the error itself may sit at the end of the file).
        let offset = first.map_or(0, |e| e.slice.as_ref().map_or(e.pos.start, |s| s.start));
        LoadError::Syntax {
            file: file.to_string(),
            line: text[..offset.min(text.len())].matches('\n').count() + 1,
            message: first.map_or_else(|| "does not parse".to_string(), |e| e.kind.to_string()),
        }
    })?;
    let mut vars = BTreeMap::new();
    for entry in resource.entries() {
        if let ast::Entry::Message(m) = entry {
            let mut found = BTreeSet::new();
            if let Some(p) = &m.value {
                pattern_vars(p, &mut found);
            }
            for a in &m.attributes {
                pattern_vars(&a.value, &mut found);
            }
            vars.insert(m.id.name.to_string(), found);
        }
    }
    let id: unic_langid::LanguageIdentifier = lang
        .parse()
        .map_err(|_| LoadError::File { file: file.to_string(), message: format!("`{lang}` is not a language code") })?;
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).map_err(|errors| LoadError::File {
        file: file.to_string(),
        message: errors.first().map_or_else(|| "duplicate message".to_string(), |e| e.to_string()),
    })?;
    let mut plain = HashMap::new();
    for (name, used) in &vars {
        let Some(pattern) = bundle.get_message(name).and_then(|m| m.value()) else { continue };
        // A message with variables reads as a template here: `{n}` where `$n` goes.
        let mut marks = FluentArgs::new();
        for v in used {
            marks.set(v.clone(), FluentValue::from(format!("{{{v}}}")));
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&marks), &mut errors).into_owned();
        if errors.is_empty() {
            plain.insert(name.clone(), &*Box::leak(text.into_boxed_str()));
        }
    }
    let fallback = plain.get("language-fallback").map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    Ok(Catalog { file: file.to_string(), bundle, plain, vars, fallback })
}

fn pattern_vars(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expression_vars(expression, out);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Inline(i) => inline_vars(i, out),
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
        }
        _ => {}
    }
}

/// The languages to look in, in order: the asked one, the page's default, the catalog's own
/// fallback, the reference.
fn chain<'a>(store: &'a Store, lang: &'a str, default: Option<&'a str>) -> Vec<&'a str> {
    let declared = store.catalogs.get(lang).and_then(|c| c.fallback.as_deref());
    let mut out: Vec<&str> = Vec::with_capacity(4);
    for l in [Some(lang), default, declared, Some(super::REFERENCE)].into_iter().flatten() {
        if !out.contains(&l) {
            out.push(l);
        }
    }
    out
}

pub(super) fn plain(lang: &str, default: Option<&str>, id: &str) -> &'static str {
    with_store(|store| {
        for l in chain(store, lang, default) {
            if let Some(s) = store.catalogs.get(l).and_then(|c| c.plain.get(id)) {
                return *s;
            }
        }
        tracing::debug!(lang, id, "message missing from every catalog");
        // Kept once per distinct id (a leak per call would grow with every request).
        super::intern(id)
    })
}

pub(super) fn format(lang: &str, default: Option<&str>, id: &str, args: &[(&str, Arg)]) -> String {
    with_store(|store| {
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Text(s) => fargs.set(*name, FluentValue::from(s.as_str())),
                Arg::Number(n) => fargs.set(*name, FluentValue::from(*n)),
            }
        }
        for l in chain(store, lang, default) {
            let Some(c) = store.catalogs.get(l) else { continue };
            let Some(pattern) = c.bundle.get_message(id).and_then(|m| m.value()) else { continue };
            let mut errors = Vec::new();
            let text = c.bundle.format_pattern(pattern, Some(&fargs), &mut errors).into_owned();
            if !errors.is_empty() {
                tracing::debug!(lang = l, id, ?errors, "message formatted with errors");
            }
            return text;
        }
        id.to_string()
    })
}

pub(super) fn has(lang: &str) -> bool {
    with_store(|s| s.catalogs.contains_key(lang))
}

pub(super) fn languages() -> Vec<String> {
    with_store(|s| s.catalogs.keys().cloned().collect())
}

pub(super) fn own_name(lang: &str) -> String {
    with_store(|s| {
        s.catalogs
            .get(lang)
            .and_then(|c| c.plain.get("language-name"))
            .map_or_else(|| lang.to_string(), |n| n.to_string())
    })
}

pub(super) fn load_text(lang: &str, file: &str, text: &str) -> Result<(), LoadError> {
    let c = build(lang, file, text)?;
    let mut guard = STORE.write().unwrap_or_else(|e| e.into_inner());
    guard.catalogs.insert(lang.to_string(), c);
    Ok(())
}

pub(super) fn load_dir(dir: &Path) -> Result<Vec<String>, LoadError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(LoadError::File { file: dir.display().to_string(), message: e.to_string() }),
    };
    let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    files.retain(|p| p.extension().is_some_and(|x| x == "ftl"));
    files.sort();
    let mut built = Vec::new();
    for path in files {
        let file = path.display().to_string();
        let lang = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        let text = std::fs::read_to_string(&path)
            .map_err(|e| LoadError::File { file: file.clone(), message: e.to_string() })?;
        built.push((lang.clone(), build(&lang, &file, &text)?));
    }
    let mut guard = STORE.write().unwrap_or_else(|e| e.into_inner());
    let langs = built.iter().map(|(l, _)| l.clone()).collect();
    for (lang, c) in built {
        guard.catalogs.insert(lang, c);
    }
    Ok(langs)
}
