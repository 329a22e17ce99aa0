//! A target's policy as the text the proxy reads from `BOSUN_PROXY_POLICY_INLINE`: a policy
//! file with one target (JSON, which is YAML too), written by `bosun_core::policy`.

use bosun_core::policy::{Policy, PolicyFile};

/// The one-target policy file for `target`; [`PolicyFile::from_yaml`] loads it back to an
/// equal policy. Target names of the config are valid policy-file target names.
pub fn inline_policy_text(target: &str, policy: &Policy) -> String {
    PolicyFile::render_one(target, policy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bosun_core::policy::{CommandRule, OptionRule, Preset, UserRegex, ValuePattern};

    fn every_value_kind() -> Policy {
        let value = |name: &str, pattern| OptionRule::value(name, pattern).unwrap();
        let options = vec![
            OptionRule::flag("--all").unwrap(),
            value("--seg", ValuePattern::Seg),
            value("--uid", ValuePattern::Uid),
            value("--nc", ValuePattern::NcPath),
            value("--rel", ValuePattern::RelPath),
            value("--pp", ValuePattern::PpRel),
            value(
                "--out",
                ValuePattern::Enum(vec!["plain".into(), "json".into()]),
            ),
            value(
                "--since",
                ValuePattern::Regex(UserRegex::new("[0-9]{4}-[0-9]{2}").unwrap()),
            ),
        ];
        Policy::new(vec![
            CommandRule::new("app sync [options]", options).unwrap(),
            CommandRule::new("'my app' status", vec![]).unwrap(),
        ])
        .unwrap()
    }

    #[test]
    fn inline_policies_load_back_equal() {
        for policy in [
            Preset::Nextcloud.policy(),
            Preset::Photoprism.policy(),
            every_value_kind(),
        ] {
            let text = inline_policy_text("nextcloud-2", &policy);
            let file = PolicyFile::from_yaml(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
            assert_eq!(
                file.select(None).unwrap(),
                ("nextcloud-2", &policy),
                "{text}"
            );
        }
    }
}
