//! The app's UI, one component per file. Components read and write the
//! signals in [`crate::state::AppState`] (from context) and never do I/O.

mod for_you;
mod for_you_teaser;
mod import_panel;
mod import_report;
mod load_status;
mod model_switch;
mod movie_card;
mod movie_details;
mod movie_panel;
mod neighbour_list;
mod poster;
mod search_box;
mod site_footer;
mod site_nav;
mod taste_buttons;
mod taste_chips;
mod tmdb_settings;

pub use for_you::ForYou;
pub use for_you_teaser::ForYouTeaser;
pub use import_panel::ImportPanel;
pub use import_report::ImportReport;
pub use load_status::LoadStatus;
pub use model_switch::ModelSwitch;
pub use movie_card::MovieCard;
pub use movie_details::MovieDetails;
pub use movie_panel::MoviePanel;
pub use neighbour_list::NeighbourList;
pub use poster::Poster;
pub use search_box::SearchBox;
pub use site_footer::SiteFooter;
pub use site_nav::SiteNav;
pub use taste_buttons::TasteButtons;
pub use taste_chips::TasteChips;
pub use tmdb_settings::TmdbSettings;
