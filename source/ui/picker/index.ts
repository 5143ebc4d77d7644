export {Picker, type PickerProps} from './picker.js';
