export { aPlace, deName, dePrefix } from "./elision";
