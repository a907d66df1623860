//! What a route is: its method, its path and who may call it. The router
//! (`api.rs`) lists every route with these; the OpenAPI description and the
//! access tests read that list.

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Public,
    /// Any enrolled device (volunteer or coordinator).
    Device,
    Coordinator,
    /// A region coordinator's sign-in (a team's token gets 403).
    Region,
}

#[derive(Debug, Clone, Copy)]
pub struct RouteInfo {
    /// Lower case, as axum's routing functions are named.
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
}
