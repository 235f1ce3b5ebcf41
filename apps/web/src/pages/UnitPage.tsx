export default function UnitPage() { return null; }
