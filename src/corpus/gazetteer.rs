//! Gazetteer: STUB, to be replaced by the full implementation.

/// The administrative gazetteer (province › city › county › town/street).
#[derive(Debug, Default)]
pub struct Gazetteer {}

impl Gazetteer {
    /// The bundled gazetteer, parsed once.
    pub fn bundled() -> &'static Gazetteer {
        static G: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
        G.get_or_init(Gazetteer::default)
    }

    /// Every full place name (provinces, cities, counties, towns/streets), for the segmenter.
    pub fn place_names(&self) -> impl Iterator<Item = &str> + '_ {
        std::iter::empty()
    }
}
