"""What managers, HR and administrators see of the people they answer for: the team dashboard,
one page per person, exports, the weekly digest and certificates.

The app only reads the others through their selectors (and listens to their signals); none of
them imports it."""
