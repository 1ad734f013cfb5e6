//! Colours: the labels' shades and the outlines of the current item, light and dark.

pub mod palette;
