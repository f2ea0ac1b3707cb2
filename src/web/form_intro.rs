//! The first screen of a questionnaire, before any answer: who asks and why (the definition's
//! `x-dra.welcome`, else its description), how long answering takes, who sees the answers (the
//! disclosure rule with the campaign's minimum group size), how to stop or withdraw, and, when
//! the definition has a consent statement, the choice to agree or not. Nothing is stored by this
//! screen; a refusal says so.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

use super::form_page::language_name;
use super::pages::{self, t};
use crate::campaign::{MIN_CELL_FLOOR, Mode};
use crate::service::respondent::Context;
use crate::survey::{QuestionKind, Survey};

#[derive(Template)]
#[template(path = "welcome.html")]
struct WelcomePage<'a> {
    lang: &'a str,
    campaign: &'a str,
    title: String,
    langs: Vec<(String, String)>,
    /// What the definition says of the consultation, paragraph by paragraph.
    intro: Vec<String>,
    /// The facts every respondent is told: (heading, text).
    facts: Vec<(&'a str, String)>,
    /// The consent statement's paragraphs; empty when the definition asks for none.
    consent: Vec<String>,
    print: Option<(String, String)>,
    /// A personal link's screen seen in a browser marks the invitation opened (see `form::seen`).
    seen: Option<String>,
    action: String,
    csrf: String,
    t_start: &'a str,
    t_agree: &'a str,
    t_decline: &'a str,
    t_consent: &'a str,
    t_language: &'a str,
}

/// Paragraphs of a text written with blank lines between them.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect()
}

/// How many minutes answering takes: the definition's word, else an estimate from the questions
/// (a choice ten seconds' read, a number or several choices twenty, a required text a minute;
/// optional comment boxes are left to those who want to write), rounded up.
pub fn minutes(survey: &Survey) -> u32 {
    if let Some(m) = survey.minutes {
        return m;
    }
    let seconds: u32 = survey
        .questions
        .iter()
        .map(|q| match q.kind {
            QuestionKind::Scored | QuestionKind::Single => 10,
            QuestionKind::Multiple | QuestionKind::Number => 20,
            QuestionKind::Text if q.required => 60,
            QuestionKind::Text => 0,
        })
        .sum();
    seconds.div_ceil(60).max(1)
}

/// The welcome screen of a respondent who has not begun.
pub fn welcome_page(ctx: &Context, lang: &str, csrf_field: String) -> HttpResponse {
    let s = &ctx.compiled.survey;
    let d = s.default_language.as_str();
    let es = lang == "es";
    let min_group = ctx.campaign.min_cell_size.max(MIN_CELL_FLOOR);
    let anonymous = ctx.campaign.mode() == Mode::Anonymous;
    let public = ctx.invited.is_none();
    let mut intro = paragraphs(s.welcome.get(lang, d));
    if intro.is_empty() {
        intro = paragraphs(s.description.get(lang, d));
    }
    let m = minutes(s);
    // A page of questions asked only under a condition may be skipped: "2 to 3 pages".
    let always = s
        .pages
        .iter()
        .filter(|p| p.questions.iter().any(|q| s.question(q).is_some_and(|q| q.relevant.is_none())))
        .count();
    let all = s.pages.len().max(1);
    let pages = match (always < all, es) {
        (false, _) => format!("{all}"),
        (true, true) => format!("{} a {all}", always.max(1)),
        (true, false) => format!("{} to {all}", always.max(1)),
    };
    let time = match (es, public) {
        (true, false) => format!(
            "Unos {m} minutos, en {pages} páginas. Sus respuestas se guardan en cada página: puede dejarlo y seguir más tarde con el mismo enlace, en este u otro dispositivo."
        ),
        (true, true) => format!(
            "Unos {m} minutos, en {pages} páginas. Sus respuestas se guardan en cada página: puede dejarlo y seguir más tarde en este mismo navegador."
        ),
        (false, false) => format!(
            "About {m} minutes, on {pages} pages. Your answers are saved on every page: you can stop and go on later with the same link, on this or another device."
        ),
        (false, true) => format!(
            "About {m} minutes, on {pages} pages. Your answers are saved on every page: you can stop and go on later in this same browser."
        ),
    };
    let mut seen = if es {
        format!(
            "Los resultados se publican solo como cifras por grupo, y solo de grupos con al menos {min_group} respuestas. Ninguna respuesta individual aparece en un informe ni en una descarga."
        )
    } else {
        format!(
            "Results are published only as figures per group, and only for groups of at least {min_group} responses. No individual answer appears in a report or a download."
        )
    };
    seen.push(' ');
    seen.push_str(if anonymous {
        t(
            lang,
            "Sus respuestas no quedan vinculadas a su nombre ni a su dirección: solo se guarda su grupo.",
            "Your answers are not linked to your name or address: only your group is kept.",
        )
    } else {
        t(
            lang,
            "El equipo que coordina la consulta puede ver su respuesta para cuidar la calidad de los datos.",
            "The team that runs the consultation can see your response to look after the quality of the data.",
        )
    });
    let withdraw = if anonymous {
        t(
            lang,
            "Participar es voluntario. Puede dejar de responder en cualquier momento: nada cuenta hasta que envíe. Una vez enviadas, sus respuestas ya no pueden atribuirse a usted, por eso no pueden retirarse.",
            "Taking part is voluntary. You can stop at any time: nothing counts until you submit. Once submitted, your answers can no longer be traced to you, so they cannot be withdrawn.",
        )
    } else {
        t(
            lang,
            "Participar es voluntario. Puede dejar de responder en cualquier momento: nada cuenta hasta que envíe. Para retirar una respuesta ya enviada, escriba a quien le invitó: se excluye de todos los resultados.",
            "Taking part is voluntary. You can stop at any time: nothing counts until you submit. To withdraw a response already submitted, write to whoever invited you: it is excluded from every result.",
        )
    };
    let facts = vec![
        (t(lang, "Cuánto toma", "How long it takes"), time),
        (t(lang, "Quién ve sus respuestas", "Who sees your answers"), seen),
        (t(lang, "Si quiere parar", "If you want to stop"), withdraw.to_string()),
    ];
    let print = ctx.invited.as_ref().map(|_| {
        (
            format!("{}/print?lang={lang}", ctx.path),
            t(
                lang,
                "¿Prefiere responder en papel? Imprima el cuestionario (PDF)",
                "Prefer to answer on paper? Print the questionnaire (PDF)",
            )
            .to_string(),
        )
    });
    pages::render(
        StatusCode::OK,
        &WelcomePage {
            lang,
            campaign: &ctx.campaign.name,
            title: s.title.get(lang, d).to_string(),
            langs: ctx.campaign.languages().into_iter().map(|l| (l.clone(), language_name(&l))).collect(),
            intro,
            facts,
            consent: paragraphs(s.consent.get(lang, d)),
            print,
            seen: ctx.invited.as_ref().map(|_| format!("{}/seen.css", ctx.path)),
            action: ctx.path.clone(),
            csrf: csrf_field,
            t_start: t(lang, "Comenzar", "Start"),
            t_agree: t(lang, "Acepto y comienzo", "I agree, start"),
            t_decline: t(lang, "No acepto", "I do not agree"),
            t_consent: t(lang, "Su consentimiento", "Your consent"),
            t_language: t(lang, "Idioma", "Language"),
        },
    )
}

/// What a respondent who did not agree is told: nothing of theirs was stored.
pub fn declined_page(ctx: &Context, lang: &str) -> HttpResponse {
    let mut paragraphs = vec![
        t(
            lang,
            "No se guardó nada de usted: ni respuestas ni su decisión.",
            "Nothing of yours was stored: no answer, not even your choice.",
        )
        .to_string(),
        t(
            lang,
            "Si cambia de opinión, vuelva a abrir el enlace mientras la consulta esté abierta.",
            "If you change your mind, open the link again while the consultation is open.",
        )
        .to_string(),
    ];
    if ctx.invited.is_some() {
        paragraphs.push(
            t(
                lang,
                "Si no desea recibir más mensajes sobre esta consulta, use el último enlace de la invitación.",
                "If you do not wish to receive more messages about this consultation, use the last link of the invitation.",
            )
            .to_string(),
        );
    }
    pages::notice(StatusCode::OK, lang, t(lang, "Usted no participa", "You chose not to take part"), paragraphs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_is_the_definitions_word_or_an_estimate_from_its_questions() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/surveys/dra-core.json")).unwrap_or_default();
        let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let s = crate::survey::check_bytes(doc.to_string().as_bytes()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(minutes(&s), 20, "the definition says 20");
        if let Some(meta) = doc["x-dra"].as_object_mut() {
            meta.remove("minutes");
        }
        let s = crate::survey::check_bytes(doc.to_string().as_bytes()).unwrap_or_else(|e| panic!("{e:?}"));
        // Counted from the definition's own properties: single choices (with "enum" or "oneOf")
        // ten seconds each; its free texts are optional comment boxes.
        let props = doc["properties"].as_object().map(|p| p.values().cloned().collect::<Vec<_>>()).unwrap_or_default();
        let choices = props.iter().filter(|p| p.get("enum").is_some() || p.get("oneOf").is_some()).count() as u32;
        assert!(choices > 40);
        assert_eq!(minutes(&s), (choices * 10).div_ceil(60));
    }
}
