//! The tables, in portable column types shared by both backends (flags are integers 0/1:
//! `MultiConnection` has no shared boolean type). Kept in step with both migration trees by a test.

diesel::table! {
    survey_versions (id) {
        id -> BigInt,
        survey_key -> Text,
        version -> Text,
        content_hash -> Text,
        title -> Text,
        definition -> Text,
        source_name -> Text,
        imported_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        username -> Text,
        email -> Nullable<Text>,
        password_hash -> Text,
        role -> Text,
        must_change_password -> Integer,
        disabled -> Integer,
        created_at -> Timestamp,
        last_login_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        token_hash -> Text,
        user_id -> BigInt,
        csrf_token -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        ip -> Nullable<Text>,
        last_seen_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        name -> Text,
        token_hash -> Text,
        role -> Text,
        created_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor -> Text,
        action -> Text,
        target -> Nullable<Text>,
        ip -> Nullable<Text>,
        detail -> Nullable<Text>,
    }
}

diesel::table! {
    campaigns (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
        survey_version_id -> BigInt,
        country -> Nullable<Text>,
        languages -> Text,
        default_language -> Text,
        opens_at -> Nullable<Timestamp>,
        closes_at -> Nullable<Timestamp>,
        time_zone -> Text,
        mode -> Text,
        min_cell_size -> Integer,
        reminder_every_days -> Nullable<Integer>,
        reminder_max -> Integer,
        allow_edit -> Integer,
        public_link -> Integer,
        one_per_browser -> Integer,
        mail_overrides -> Nullable<Text>,
        state -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        send_window -> Nullable<Text>,
        names -> Nullable<Text>,
    }
}

diesel::table! {
    stakeholder_groups (id) {
        id -> BigInt,
        campaign_id -> BigInt,
        code -> Text,
        labels -> Text,
        position -> Integer,
        population_share -> Nullable<Double>,
    }
}

diesel::table! {
    participants (id) {
        id -> BigInt,
        campaign_id -> BigInt,
        email -> Text,
        name -> Nullable<Text>,
        organisation -> Nullable<Text>,
        group_code -> Text,
        language -> Text,
        attributes -> Nullable<Text>,
        bounced_at -> Nullable<Timestamp>,
        bounce_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    opt_outs (id) {
        id -> BigInt,
        email -> Text,
        source -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    invitations (id) {
        id -> BigInt,
        participant_id -> BigInt,
        token_hash -> Text,
        token_nonce -> Text,
        created_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        opened_at -> Nullable<Timestamp>,
        started_at -> Nullable<Timestamp>,
        submitted_at -> Nullable<Timestamp>,
        reminders_sent -> Integer,
        last_reminded_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    responses (id) {
        id -> BigInt,
        campaign_id -> BigInt,
        participant_id -> Nullable<BigInt>,
        respondent_key -> Nullable<Text>,
        group_code -> Text,
        origin -> Text,
        status -> Text,
        language -> Text,
        answers -> Text,
        codes -> Nullable<Text>,
        current_page -> Integer,
        paper_ref -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        submitted_at -> Nullable<Timestamp>,
        version -> BigInt,
        pending -> Nullable<Text>,
        excluded_at -> Nullable<Timestamp>,
        excluded_by -> Nullable<Text>,
        exclusion_reason -> Nullable<Text>,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        campaign_id -> Nullable<BigInt>,
        participant_id -> Nullable<BigInt>,
        kind -> Text,
        recipient -> Text,
        subject -> Text,
        body_text -> Text,
        body_html -> Nullable<Text>,
        message_id -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_by -> Nullable<Text>,
        claimed_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    contribution_settings (campaign_id) {
        campaign_id -> BigInt,
        enabled -> Integer,
        topics -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    contributions (id) {
        id -> BigInt,
        campaign_id -> BigInt,
        submission_key -> Text,
        topic -> Text,
        body -> Text,
        shown_body -> Nullable<Text>,
        edit_note -> Nullable<Text>,
        author_name -> Nullable<Text>,
        author_org -> Nullable<Text>,
        email -> Nullable<Text>,
        language -> Text,
        origin -> Text,
        status -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        screened_at -> Nullable<Timestamp>,
        screened_by -> Nullable<Text>,
        reject_reason -> Nullable<Text>,
        answer -> Nullable<Text>,
        answer_reason -> Nullable<Text>,
        answer_ref -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        answered_by -> Nullable<Text>,
        notified_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(sessions -> users (user_id));

diesel::joinable!(api_tokens -> users (user_id));

diesel::joinable!(campaigns -> survey_versions (survey_version_id));

diesel::joinable!(stakeholder_groups -> campaigns (campaign_id));

diesel::joinable!(participants -> campaigns (campaign_id));

diesel::joinable!(invitations -> participants (participant_id));

diesel::joinable!(responses -> campaigns (campaign_id));

diesel::joinable!(responses -> participants (participant_id));

diesel::joinable!(outbox -> campaigns (campaign_id));

diesel::joinable!(outbox -> participants (participant_id));

diesel::joinable!(contribution_settings -> campaigns (campaign_id));

diesel::joinable!(contributions -> campaigns (campaign_id));

diesel::allow_tables_to_appear_in_same_query!(
    survey_versions,
    users,
    sessions,
    api_tokens,
    audit_log,
    campaigns,
    stakeholder_groups,
    participants,
    opt_outs,
    invitations,
    responses,
    outbox,
    thanks_due,
    contribution_settings,
    contributions,
);

diesel::table! {
    index_campaigns (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
        framework -> Text,
        framework_key -> Text,
        framework_version -> Text,
        content_hash -> Text,
        edition -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    index_units (id) {
        id -> BigInt,
        campaign_id -> BigInt,
        code -> Text,
        name -> Text,
        sector -> Text,
        contact -> Text,
        position -> Integer,
    }
}

diesel::table! {
    index_scores (id) {
        id -> BigInt,
        campaign_id -> BigInt,
        unit_id -> BigInt,
        indicator -> Text,
        evaluator -> Text,
        value -> Double,
        evidence_url -> Nullable<Text>,
        evidence_note -> Nullable<Text>,
        evidence_file -> Nullable<Text>,
        status -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    index_reviews (id) {
        id -> BigInt,
        score_id -> BigInt,
        reviewer -> Text,
        action -> Text,
        reason -> Nullable<Text>,
        value -> Nullable<Double>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(index_units -> index_campaigns (campaign_id));

diesel::joinable!(index_scores -> index_units (unit_id));

diesel::joinable!(index_reviews -> index_scores (score_id));

diesel::allow_tables_to_appear_in_same_query!(index_campaigns, index_units, index_scores, index_reviews,);

diesel::table! {
    index_self_links (id) {
        id -> BigInt,
        unit_id -> BigInt,
        token_hash -> Text,
        expires_at -> Timestamp,
        created_at -> Timestamp,
    }
}

diesel::joinable!(index_self_links -> index_units (unit_id));

diesel::allow_tables_to_appear_in_same_query!(index_self_links, index_units,);

diesel::table! {
    answer_keys (id) {
        id -> BigInt,
        keys_hash -> Text,
        keys -> Text,
    }
}

diesel::table! {
    thanks_due (invitation_id) {
        invitation_id -> BigInt,
    }
}
