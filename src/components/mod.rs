//! The app's UI, one component per file. Components read and write the
//! signals in [`crate::state::AppState`] (from context) and never do I/O.

mod load_status;
mod model_switch;
mod movie_details;
mod movie_panel;
mod neighbour_list;
mod search_box;
mod site_footer;
mod tmdb_settings;

pub use load_status::LoadStatus;
pub use model_switch::ModelSwitch;
pub use movie_details::MovieDetails;
pub use movie_panel::MoviePanel;
pub use neighbour_list::NeighbourList;
pub use search_box::SearchBox;
pub use site_footer::SiteFooter;
pub use tmdb_settings::TmdbSettings;
