//! The languages residents answer consultations in, and the kiosk's own
//! words in each. The volunteer's app speaks Dutch and English
//! ([`crate::Lang`]); a resident at the kiosk picks one of these by its
//! own name. Adding a language is one variant, one line in
//! [`ResidentLang::ALL`] and its [`KioskWords`]; a consultation offers it
//! once every text of the consultation is written in it
//! ([`crate::consultation::Consultation::languages`]).

use serde::{Deserialize, Serialize};

/// A language a resident can answer in.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum ResidentLang {
    #[default]
    Nl,
    En,
    Ar,
    Tr,
    Pl,
    Uk,
}

/// What the kiosk says around a consultation's own texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KioskWords {
    pub choose_language: &'static str,
    pub send: &'static str,
    pub answer_something: &'static str,
    pub thanks_title: &'static str,
    pub thanks_text: &'static str,
    pub next_person: &'static str,
    /// The warning not to write personal data.
    pub no_personal_data: &'static str,
    /// "Are you sure": the answer looks like it holds personal data.
    pub seems_personal: &'static str,
    pub send_anyway: &'static str,
    pub scale_low: &'static str,
    pub scale_high: &'static str,
    pub read_aloud: &'static str,
}

impl ResidentLang {
    /// Every language, in the order the kiosk offers them.
    pub const ALL: [ResidentLang; 6] = [
        ResidentLang::Nl,
        ResidentLang::En,
        ResidentLang::Ar,
        ResidentLang::Tr,
        ResidentLang::Pl,
        ResidentLang::Uk,
    ];

    /// The BCP 47 tag, for `lang` and for speech.
    pub fn code(self) -> &'static str {
        match self {
            ResidentLang::Nl => "nl",
            ResidentLang::En => "en",
            ResidentLang::Ar => "ar",
            ResidentLang::Tr => "tr",
            ResidentLang::Pl => "pl",
            ResidentLang::Uk => "uk",
        }
    }

    /// The language by its tag; `None` for one Drempel does not offer.
    pub fn from_code(code: &str) -> Option<ResidentLang> {
        ResidentLang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language's own name, as the resident picks it.
    pub fn endonym(self) -> &'static str {
        match self {
            ResidentLang::Nl => "Nederlands",
            ResidentLang::En => "English",
            ResidentLang::Ar => "العربية",
            ResidentLang::Tr => "Türkçe",
            ResidentLang::Pl => "Polski",
            ResidentLang::Uk => "Українська",
        }
    }

    /// Written right to left.
    pub fn rtl(self) -> bool {
        self == ResidentLang::Ar
    }

    /// The volunteer app's languages are resident languages too.
    pub fn of_app(lang: crate::Lang) -> ResidentLang {
        match lang {
            crate::Lang::Nl => ResidentLang::Nl,
            crate::Lang::En => ResidentLang::En,
        }
    }

    /// What the kiosk says in this language.
    pub fn words(self) -> &'static KioskWords {
        match self {
            ResidentLang::Nl => &NL,
            ResidentLang::En => &EN,
            ResidentLang::Ar => &AR,
            ResidentLang::Tr => &TR,
            ResidentLang::Pl => &PL,
            ResidentLang::Uk => &UK,
        }
    }
}

const NL: KioskWords = KioskWords {
    choose_language: "Kies uw taal",
    send: "Klaar, versturen",
    answer_something: "Beantwoord minstens één vraag.",
    thanks_title: "Dank u wel!",
    thanks_text: "Uw antwoord is bewaard. Geef de telefoon terug of aan de volgende persoon.",
    next_person: "Volgende persoon",
    no_personal_data: "Noem geen namen, adressen of telefoonnummers: uw antwoord blijft anoniem.",
    seems_personal: "Uw antwoord lijkt een telefoonnummer, adres, e-mailadres of rekeningnummer te bevatten. Haal het weg om anoniem te blijven, of verstuur toch.",
    send_anyway: "Toch versturen",
    scale_low: "1 = helemaal niet",
    scale_high: "5 = heel erg",
    read_aloud: "Lees voor",
};

const EN: KioskWords = KioskWords {
    choose_language: "Choose your language",
    send: "Done, send",
    answer_something: "Answer at least one question.",
    thanks_title: "Thank you!",
    thanks_text: "Your answer is saved. Hand the phone back or to the next person.",
    next_person: "Next person",
    no_personal_data: "Don't give names, addresses or phone numbers: your answer stays anonymous.",
    seems_personal: "Your answer seems to contain a phone number, address, e-mail or account number. Remove it to stay anonymous, or send anyway.",
    send_anyway: "Send anyway",
    scale_low: "1 = not at all",
    scale_high: "5 = very much",
    read_aloud: "Read aloud",
};

const AR: KioskWords = KioskWords {
    choose_language: "اختر لغتك",
    send: "انتهيت، أرسل",
    answer_something: "أجب عن سؤال واحد على الأقل.",
    thanks_title: "شكرًا لك!",
    thanks_text: "تم حفظ إجابتك. أعد الهاتف أو أعطه للشخص التالي.",
    next_person: "الشخص التالي",
    no_personal_data: "لا تكتب أسماء أو عناوين أو أرقام هواتف: تبقى إجابتك بدون اسم.",
    seems_personal: "يبدو أن إجابتك فيها رقم هاتف أو عنوان أو بريد إلكتروني أو رقم حساب. احذفه لتبقى بدون اسم، أو أرسل على أي حال.",
    send_anyway: "أرسل على أي حال",
    scale_low: "1 = أبدًا",
    scale_high: "5 = كثيرًا جدًا",
    read_aloud: "اقرأ بصوت عالٍ",
};

const TR: KioskWords = KioskWords {
    choose_language: "Dilinizi seçin",
    send: "Bitti, gönder",
    answer_something: "En az bir soruyu yanıtlayın.",
    thanks_title: "Teşekkürler!",
    thanks_text: "Yanıtınız kaydedildi. Telefonu geri verin ya da sıradaki kişiye verin.",
    next_person: "Sıradaki kişi",
    no_personal_data: "İsim, adres veya telefon numarası yazmayın: yanıtınız anonim kalır.",
    seems_personal: "Yanıtınızda telefon numarası, adres, e-posta veya hesap numarası var gibi görünüyor. Anonim kalmak için silin ya da yine de gönderin.",
    send_anyway: "Yine de gönder",
    scale_low: "1 = hiç",
    scale_high: "5 = çok",
    read_aloud: "Sesli oku",
};

const PL: KioskWords = KioskWords {
    choose_language: "Wybierz język",
    send: "Gotowe, wyślij",
    answer_something: "Odpowiedz na co najmniej jedno pytanie.",
    thanks_title: "Dziękujemy!",
    thanks_text: "Twoja odpowiedź jest zapisana. Oddaj telefon albo podaj go następnej osobie.",
    next_person: "Następna osoba",
    no_personal_data: "Nie podawaj imion, adresów ani numerów telefonu: Twoja odpowiedź jest anonimowa.",
    seems_personal: "Wygląda na to, że Twoja odpowiedź zawiera numer telefonu, adres, e-mail lub numer konta. Usuń go, aby zostać anonimowym, albo wyślij mimo to.",
    send_anyway: "Wyślij mimo to",
    scale_low: "1 = wcale",
    scale_high: "5 = bardzo",
    read_aloud: "Przeczytaj na głos",
};

const UK: KioskWords = KioskWords {
    choose_language: "Виберіть мову",
    send: "Готово, надіслати",
    answer_something: "Дайте відповідь хоча б на одне питання.",
    thanks_title: "Дякуємо!",
    thanks_text: "Вашу відповідь збережено. Поверніть телефон або передайте його наступній людині.",
    next_person: "Наступна людина",
    no_personal_data: "Не пишіть імен, адрес чи номерів телефону: ваша відповідь залишається анонімною.",
    seems_personal: "Схоже, ваша відповідь містить номер телефону, адресу, e-mail або номер рахунку. Видаліть його, щоб залишитися анонімним, або все одно надішліть.",
    send_anyway: "Все одно надіслати",
    scale_low: "1 = зовсім ні",
    scale_high: "5 = дуже",
    read_aloud: "Прочитати вголос",
};

#[cfg(test)]
mod tests {
    use super::*;

    fn all_words(words: &KioskWords) -> [&'static str; 12] {
        [
            words.choose_language,
            words.send,
            words.answer_something,
            words.thanks_title,
            words.thanks_text,
            words.next_person,
            words.no_personal_data,
            words.seems_personal,
            words.send_anyway,
            words.scale_low,
            words.scale_high,
            words.read_aloud,
        ]
    }

    #[test]
    fn every_language_has_a_tag_a_name_and_all_its_kiosk_words() {
        let mut seen = std::collections::BTreeSet::new();
        for lang in ResidentLang::ALL {
            assert!(seen.insert(lang.code()), "{lang:?}: one tag each");
            assert_eq!(ResidentLang::from_code(lang.code()), Some(lang));
            assert!(!lang.endonym().is_empty());
            let json = serde_json::to_string(&lang).unwrap();
            assert_eq!(
                json,
                format!("\"{}\"", lang.code()),
                "the wire says the tag"
            );
            for word in all_words(lang.words()) {
                assert!(!word.trim().is_empty(), "{lang:?} misses a word");
            }
            if lang != ResidentLang::Nl {
                // Translated, not copied: the kiosk's main words differ from Dutch.
                let nl = all_words(ResidentLang::Nl.words());
                let own = all_words(lang.words());
                let same = nl.iter().zip(own).filter(|(a, b)| *a == b).count();
                assert!(same <= 1, "{lang:?} repeats {same} Dutch words");
            }
        }
        assert_eq!(ResidentLang::from_code("de"), None);
        assert!(ResidentLang::Ar.rtl() && !ResidentLang::Tr.rtl());
    }

    #[test]
    fn the_app_languages_are_resident_languages_with_the_same_tags() {
        for lang in crate::Lang::ALL {
            assert_eq!(ResidentLang::of_app(lang).code(), lang.code());
        }
    }
}
