//! The command line as people expect it: exit 1 for a failure at run time and 2 for a command
//! line that does not parse, problems on standard error, `--json` on the listing commands,
//! `--out -` to standard output, shell completions and a manual page, and `dra config` output that
//! loads back as it is.

use crate::support::{TestDb, dra, repo};

struct Env {
    db: TestDb,
    vars: Vec<(String, String)>,
}

impl Env {
    fn new() -> Self {
        let db = TestDb::new();
        let data = db.dir.path().join("data").to_str().unwrap_or_default().to_string();
        let vars = vec![("DATABASE_URL".into(), db.url.clone()), ("DRA_DATA_DIR".into(), data)];
        Self { db, vars }
    }

    fn run(&self, args: &[&str]) -> (Option<i32>, String, String) {
        let vars: Vec<(&str, &str)> = self.vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let out = dra(args, &vars);
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let (code, out, err) = self.run(args);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?} is not JSON ({e}): {out}"))
    }
}

#[test]
fn exit_codes_streams_json_and_standard_output() {
    let e = Env::new();
    assert_eq!(e.run(&["survey", "import", &repo("surveys/dra-core.json")]).0, Some(0));
    // A failure at run time: exit 1, the message on standard error only.
    let (code, out, err) = e.run(&["campaign", "open", "nope"]);
    assert_eq!(code, Some(1));
    assert!(out.is_empty() && err.contains("no campaign \"nope\""), "{out} / {err}");
    // A command line that does not parse: exit 2.
    assert_eq!(e.run(&["campaign", "create", "--slug", "x"]).0, Some(2));
    assert_eq!(e.run(&["no-such-command"]).0, Some(2));

    let (code, _, err) = e.run(&["campaign", "create", "--slug", "gt-cli", "--name", "CLI", "--closes", "2030-12-31"]);
    assert_eq!(code, Some(0), "{err}");
    let csv = e.db.dir.path().join("p.csv");
    std::fs::write(&csv, "email,name,group\nana@example.org,Ana,public\nbad,Bad,public\n")
        .unwrap_or_else(|x| panic!("{x}"));
    let (code, out, err) = e.run(&["participants", "import", "--campaign", "gt-cli", csv.to_str().unwrap_or_default()]);
    assert_eq!(code, Some(1));
    assert!(err.contains("p.csv:3:") && !out.contains("p.csv:3:"), "problems on standard error: {out} / {err}");
    e.run(&["user", "add", "ana", "--role", "analyst"]);
    e.run(&["token", "create", "--owner", "ana", "--role", "analyst"]);

    let list = e.json(&["campaign", "list", "--json"]);
    assert_eq!(list[0]["slug"], "gt-cli");
    assert!(list[0]["closes_at"].as_str().is_some_and(|t| t.ends_with("+00:00")), "RFC 3339 with an offset: {list}");
    assert_eq!(e.json(&["campaign", "status", "gt-cli", "--json"])["groups"][0]["group"], "public");
    assert_eq!(e.json(&["participants", "list", "--campaign", "gt-cli", "--json"])[0]["email"], "ana@example.org");
    assert_eq!(e.json(&["user", "list", "--json"])[0]["user"], "ana");
    let tokens = e.json(&["token", "list", "--json"]);
    assert_eq!(tokens[0]["owner"], "ana");
    assert!(tokens[0].get("token").is_none() && tokens[0].get("token_hash").is_none());
    assert!(e.json(&["mail", "status", "--json"]).is_object());

    // `--out -`: to standard output, no file named "-".
    let (code, out, err) = e.run(&["report", "--campaign", "gt-cli", "--format", "json", "--out", "-"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok(), "{out}");
    let (code, out, _) = e.run(&["analyze", "--campaign", "gt-cli", "--out", "-"]);
    assert_eq!(code, Some(0));
    assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok());
    assert!(!std::path::Path::new("-").exists(), "a file named \"-\" was written");

    let (code, out, _) = e.run(&["completions", "bash"]);
    assert!(code == Some(0) && out.contains("_dra()"), "{out}");
    let (code, out, _) = e.run(&["man"]);
    assert!(code == Some(0) && out.contains(".TH dra 1"), "{out}");
}

#[test]
fn dra_config_output_loads_back_as_it_is() {
    let e = Env::new();
    let first = e.run(&["config"]).1;
    let file = e.db.dir.path().join("dra.toml");
    std::fs::write(&file, &first).unwrap_or_else(|x| panic!("{x}"));
    let out = dra(&["config"], &[("DRA_CONFIG", file.to_str().unwrap_or_default())]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), first, "the same settings, read back from the file");
}

/// The domain layer's answers, as the command line gives them: an invalid value names its
/// option, a missing thing says what to list, and only what was done is in the audit log (the
/// change and its entry are written together).
#[test]
fn refusals_name_their_option_and_only_changes_are_audited() {
    let e = Env::new();
    let (code, out, err) = e.run(&["user", "add", "ana", "--role", "boss"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(out.is_empty() && err.contains("--role: unknown role \"boss\""), "{out} / {err}");
    let (code, _, err) = e.run(&["user", "add", "ana maría", "--role", "analyst"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("error: \"ana maría\" is not a user name"), "{err}");
    let (code, _, err) = e.run(&["user", "disable", "nobody"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no user \"nobody\" (dra user list)"), "{err}");
    let (code, _, err) = e.run(&["token", "revoke", "99"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no API token #99"), "{err}");
    let mut c = crate::support::conn(&e.db);
    let audit = dra::service::audit::entries(&mut c, 50).unwrap_or_else(|x| panic!("{x}"));
    assert!(audit.is_empty(), "refusals change nothing and log nothing: {audit:?}");

    assert_eq!(e.run(&["user", "add", "ana", "--role", "analyst"]).0, Some(0));
    assert_eq!(e.run(&["survey", "import", &repo("surveys/dra-core.json")]).0, Some(0));
    let audit = dra::service::audit::entries(&mut c, 50).unwrap_or_else(|x| panic!("{x}"));
    let did = |what: &str, target: &str| audit.iter().any(|a| a.2 == what && a.3.as_deref() == Some(target));
    assert!(did("user added", "ana (analyst)"), "{audit:?}");
    assert!(audit.iter().any(|a| a.1 == "cli" && a.2 == "survey stored"), "{audit:?}");
    // The last administrator stays: refused, and not logged as done.
    assert_eq!(e.run(&["user", "add", "root", "--role", "admin"]).0, Some(0));
    let (code, _, err) = e.run(&["user", "role", "root", "analyst"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("root is the last administrator"), "{err}");
    let audit = dra::service::audit::entries(&mut c, 50).unwrap_or_else(|x| panic!("{x}"));
    assert!(!audit.iter().any(|a| a.2 == "user role changed"), "{audit:?}");
}
